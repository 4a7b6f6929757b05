using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Billing.BuildingBlocks.Http;

/// <summary>One page of a ranged list, and what the response headers need to describe it.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, RangeRequest Range, IReadOnlyList<string> SortableFields, string? FirstKey, string? LastKey, bool HasMore)
{
    public Page<TOut> Map<TOut>(Func<T, TOut> map) =>
        new(Items.Select(map).ToList(), Range, SortableFields, FirstKey, LastKey, HasMore);
}

public static class Paging
{
    /// <summary>Reads the request's Range header against the list's sortable fields (the first is the default).</summary>
    public static RangeRequest ReadRange<T>(this HttpRequest request, IReadOnlyList<SortKey<T>> keys)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(keys);
        return RangeRequest.Parse(request.Headers.Range.ToString(), keys.Select(k => k.Name).ToList());
    }

    /// <summary>Runs the page in the database: filter by cursor, order by the key, take one more than asked to know if more exist.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> source, RangeRequest range, IReadOnlyList<SortKey<T>> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(keys);
        var key = keys.Single(k => k.Name == range.Field);
        var rows = await key.Apply(source, range).Take(range.Max + 1).ToListAsync(cancellationToken);
        var hasMore = rows.Count > range.Max;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new Page<T>(rows, range, keys.Select(k => k.Name).ToList(),
            rows.Count > 0 ? key.Format(rows[0]) : null,
            rows.Count > 0 ? key.Format(rows[^1]) : null,
            hasMore);
    }
}
