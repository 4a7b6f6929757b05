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
        var requestId = FirstUuid(incoming) ?? NewRequestId();
        context.TraceIdentifier = requestId;
        // Static callback with the context as state: no closure allocated per request. TraceIdentifier is the id set above.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);

        using (logger.BeginScope(new RequestLogScope(requestId, incoming.Length == 0 ? null : incoming)))
        {
            await next(context);
        }
    }

    /// <summary>A random (version 4) UUID for a request that brought none.</summary>
    /// <remarks>
    /// A request id must be unique, not secret: nothing is authorised or derived from it, and the client sees
    /// it anyway. So it is filled from <see cref="Random.Shared"/> (122 random bits per id, from a generator
    /// seeded once per process), not <see cref="Guid.NewGuid"/>, which on Linux reads the OS random source:
    /// a syscall on every request without a Request-Id (ADR 0037's forwarding profile).
    /// </remarks>
    internal static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4 (RFC 9562 byte order)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10xx
        return new Guid(bytes, bigEndian: true).ToString();
    }

    internal static string? FirstUuid(string header)
    {
        // Span-based: no array or substrings per request.
        var span = header.AsSpan();
        foreach (var range in span.Split(','))
        {
            if (Guid.TryParse(span[range].Trim(), out var id))
            {
                return id.ToString();
            }
        }

        return null;
    }
}

/// <summary>Structured for JSON logs (RequestId, ClientRequestIds) and readable in the simple console format.</summary>
internal sealed class RequestLogScope(string requestId, string? clientRequestIds) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 => new("ClientRequestIds", clientRequestIds),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "Request-Id:" + requestId;
}
