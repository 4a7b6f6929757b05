using Billing.BuildingBlocks.Persistence;

namespace Billing.BuildingBlocks.Backfill;

/// <summary>
/// Writes one page of legacy items into the owning module. Implementations upsert by the items' natural
/// key, so importing the same page twice (after a crash, or on a re-run) changes nothing the second time.
/// </summary>
public interface IBackfillTarget<in TContext, in TItem>
    where TContext : ModuleDbContext
{
    /// <summary>Adds or updates the items in <paramref name="db"/> (the runner saves and commits); returns how many were inserted or changed.</summary>
    Task<int> UpsertAsync(TContext db, IReadOnlyList<TItem> items, CancellationToken cancellationToken);
}
