using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// Strong ETag (a hash of the body) on every successful GET of an API endpoint; a matching
/// <c>If-None-Match</c> gets 304 with no body. The body is buffered for this, which API responses can afford.
/// </summary>
internal sealed class ETagMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.GetEndpoint()?.Metadata.GetMetadata<ApiEndpointMetadata>() is null)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        if (status is StatusCodes.Status200OK or StatusCodes.Status206PartialContent)
        {
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..16]) + "\"";
            context.Response.Headers.ETag = etag;
            if (Matches(context.Request.Headers.IfNoneMatch.ToString(), etag))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                context.Response.ContentLength = null;
                context.Response.Headers.Remove(HeaderNames.ContentType);
                return;
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static bool Matches(string ifNoneMatch, string etag) =>
        ifNoneMatch.Length > 0 && ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Any(candidate =>
            candidate == "*" || candidate == etag || candidate == "W/" + etag);
}
