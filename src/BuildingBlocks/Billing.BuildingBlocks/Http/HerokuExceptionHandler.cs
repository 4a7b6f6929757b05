using Billing.BuildingBlocks.Mediation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// Turns exceptions into Heroku error bodies. A client's mistake is always a 4xx with a message
/// that says what to fix; only a fault of ours is a 500, and it never leaks internals.
/// </summary>
public sealed class HerokuExceptionHandler(ILogger<HerokuExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, error) = Map(exception, httpContext.TraceIdentifier);
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception");
        }

        await HerokuError.WriteAsync(httpContext, status, error);
        return true;
    }

    /// <summary>The status and body an exception is answered with (also used to render shadow candidates' failures).</summary>
    public static (int Status, HerokuError Error) Map(Exception exception, string requestId) => exception switch
    {
        ValidationFailedException v => (StatusCodes.Status422UnprocessableEntity, new HerokuError(ErrorIds.InvalidParams, v.Message, Fields: v.Errors.Count > 0 ? v.Errors : null)),
        ApiException a => (a.Status, new HerokuError(a.Id, a.Message)),
        BadHttpRequestException b => MapBadRequest(b),
        _ => (StatusCodes.Status500InternalServerError, new HerokuError(ErrorIds.InternalServerError,
            $"Internal server error. Quote request id {requestId} when reporting it.")),
    };

    private static (int, HerokuError) MapBadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (StatusCodes.Status413PayloadTooLarge, new HerokuError(ErrorIds.PayloadTooLarge, "Request body too large."));
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return (StatusCodes.Status415UnsupportedMediaType, new HerokuError(ErrorIds.UnsupportedMediaType, "Request bodies must be JSON, sent with Content-Type: application/json."));
        }

        return (StatusCodes.Status400BadRequest, new HerokuError(ErrorIds.BadRequest, BadRequestMessage.For(exception)));
    }
}
