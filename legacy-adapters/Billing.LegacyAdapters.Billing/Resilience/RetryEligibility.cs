using System.Net.Http.Headers;

namespace Billing.LegacyAdapters.Billing.Resilience;

/// <summary>
/// Which requests may be sent again after a failure. A POST that timed out or got a 503 may still have
/// been carried out by legacy (charged a card, granted a credit); sending it again could do it twice.
/// </summary>
internal static class RetryEligibility
{
    public static bool IsRepeatable(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return false;
        }

        return request.Method == HttpMethod.Get
            || request.Method == HttpMethod.Head
            || HasIdempotencyKey(request.Headers);
    }

    private static bool HasIdempotencyKey(HttpRequestHeaders headers) =>
        headers.TryGetValues(IdempotencyKey.Header, out var values) && values.Any(v => !string.IsNullOrWhiteSpace(v));
}
