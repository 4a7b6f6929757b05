using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// Every response carries a <c>Request-Id</c>. The CLI sends a comma-separated list (its current id
/// first, then earlier ones); the first valid UUID is echoed, otherwise a new one is generated. The
/// id is in the log scope of everything the request logs, next to the client's full list.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var requestId = FirstUuid(incoming) ?? Guid.NewGuid().ToString();
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = requestId;
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestId"] = requestId, ["ClientRequestIds"] = incoming.Length == 0 ? null : incoming }))
        {
            await next(context);
        }
    }

    internal static string? FirstUuid(string header)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Guid.TryParse(part, out var id))
            {
                return id.ToString();
            }
        }

        return null;
    }
}
