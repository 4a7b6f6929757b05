namespace Billing.BuildingBlocks.Abstractions.Backfill;

/// <summary>
/// Where a backfill reads legacy data from, one page at a time. Declared here (no framework) so that a
/// module's Contracts can name the port its legacy adapter implements; the module never sees the adapter.
/// </summary>
public interface IBackfillSource<TItem>
{
    /// <summary>Reads the page at <paramref name="cursor"/>; <c>null</c> is the first page.</summary>
    Task<BackfillPage<TItem>> ReadPageAsync(string? cursor, CancellationToken cancellationToken);
}

/// <summary>One page of legacy items and the cursor of the next page (<c>null</c> after the last).</summary>
public sealed record BackfillPage<TItem>(IReadOnlyList<TItem> Items, string? NextCursor);
