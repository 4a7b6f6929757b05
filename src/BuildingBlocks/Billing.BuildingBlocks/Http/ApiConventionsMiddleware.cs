using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// Request-level Heroku conventions for API endpoints: Accept negotiation (406 <c>not_acceptable</c>)
/// and JSON request bodies (415 <c>unsupported_media_type</c>). Runs after routing so it knows the endpoint.
/// </summary>
internal sealed class ApiConventionsMiddleware(RequestDelegate next)
{
    private static readonly string[] DefaultVariants = [ApiVariant.V3, ApiVariant.Sdk];

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ApiEndpointMetadata>() is null)
        {
            await next(context);
            return;
        }

        var supported = endpoint.Metadata.GetMetadata<ApiVariantsMetadata>()?.Variants ?? DefaultVariants;
        var variant = ApiVariant.Negotiate(context.Request.Headers.Accept.ToString(), supported, out var problem);
        if (variant is null)
        {
            await HerokuError.WriteAsync(context, StatusCodes.Status406NotAcceptable, ErrorIds.NotAcceptable, problem!);
            return;
        }

        context.Features.Set(variant);

        if (HasBody(context.Request) && !IsJson(context.Request.ContentType))
        {
            await HerokuError.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, ErrorIds.UnsupportedMediaType,
                "Request bodies must be JSON, sent with Content-Type: application/json.");
            return;
        }

        await next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
