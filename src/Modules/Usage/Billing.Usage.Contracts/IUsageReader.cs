using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Contracts;

/// <summary>
/// What other modules may read of Usage (Invoicing rates from it, Licensing measures consumption with it).
/// Registered by the Usage module; resolved from the caller's scope.
/// </summary>
public interface IUsageReader
{
    /// <summary>Every owner with any usage overlapping <paramref name="period"/>, ordered by owner, streamed.</summary>
    IAsyncEnumerable<BillableOwner> OwnersWithUsage(BillingPeriod period, CancellationToken cancellationToken);

    /// <summary>The owner's gauge segments clipped to the period, ordered by app, metric, subject, variant, from.</summary>
    Task<IReadOnlyList<GaugeSegment>> Segments(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken);

    /// <summary>The owner's counter totals in the period (metered add-on units, Connect rows).</summary>
    Task<IReadOnlyList<CounterTotal>> Counters(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken);

    /// <summary>Monthly rollups of the owners in the period (one month), for consumption against licences.</summary>
    Task<IReadOnlyList<UsageRollup>> MonthlyRollups(IReadOnlyCollection<BillableOwner> owners, BillingPeriod month, CancellationToken cancellationToken);
}
