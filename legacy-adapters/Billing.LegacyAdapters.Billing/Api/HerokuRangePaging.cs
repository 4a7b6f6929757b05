using Refit;

namespace Billing.LegacyAdapters.Billing.Api;

/// <summary>
/// Heroku Range pagination as a client: ask with <c>Range: &lt;field&gt; ..; max=N</c>; a 206 answer carries
/// <c>Next-Range</c> to send next, and the last page answers 200 without it.
/// </summary>
internal static class HerokuRangePaging
{
    public const string NextRangeHeader = "Next-Range";

    public static string FirstRange(string field, int max) => $"{field} ..; max={max}";

    /// <summary>One page and the range of the next one (<c>null</c> after the last page).</summary>
    public static async Task<RangedPage<T>> ReadPageAsync<T>(Func<string, CancellationToken, Task<IApiResponse<List<T>>>> fetch, string range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        var response = await fetch(range, cancellationToken);
        await response.EnsureSuccessStatusCodeAsync();
        string? next = null;
        if (response.Headers is { } headers && headers.TryGetValues(NextRangeHeader, out var values))
        {
            next = values.FirstOrDefault();
        }

        return new RangedPage<T>(response.Content ?? [], string.IsNullOrWhiteSpace(next) ? null : next);
    }

    /// <summary>Every item of a list, following <c>Next-Range</c> until the last page.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        Func<string, CancellationToken, Task<IApiResponse<List<T>>>> fetch,
        string firstRange,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? range = firstRange;
        while (range is not null)
        {
            var page = await ReadPageAsync(fetch, range, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (page.NextRange == range)
            {
                throw new InvalidOperationException($"Legacy answered the same Next-Range again ({range}); stopping rather than looping forever.");
            }

            range = page.NextRange;
        }
    }
}

internal sealed record RangedPage<T>(IReadOnlyList<T> Items, string? NextRange);
