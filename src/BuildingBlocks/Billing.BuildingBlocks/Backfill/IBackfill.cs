namespace Billing.BuildingBlocks.Backfill;

/// <summary>A registered backfill, known by its constant name (e.g. <c>access.legacy-tokens</c>).</summary>
public interface IBackfill
{
    string Name { get; }

    /// <summary>The DbContext of the module that owns the imported data and the checkpoint.</summary>
    Type DbContextType { get; }

    /// <summary>Imports page after page from the checkpoint's cursor until the source is exhausted.</summary>
    Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);
}
