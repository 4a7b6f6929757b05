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

    /// <summary>
    /// Segments and counters of many owners at once (a billing run's partition), streamed one owner at a time, each
    /// exactly what <see cref="Segments"/> and <see cref="Counters"/> answer for it. Every owner asked for comes out
    /// once (owners without usage with empty lists), in no particular order. The default reads owner by owner;
    /// Usage's implementation reads the whole batch in a few queries.
    /// </summary>
    async IAsyncEnumerable<OwnerUsage> UsageOfOwners(
        IReadOnlyCollection<BillableOwner> owners,
        BillingPeriod period,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        foreach (var owner in owners.Distinct())
        {
            yield return new OwnerUsage(owner, await Segments(owner, period, cancellationToken), await Counters(owner, period, cancellationToken));
        }
    }

    /// <summary>
    /// As <see cref="UsageOfOwners"/>, from the events recorded up to <paramref name="recordedUpTo"/> (inclusive) only:
    /// the usage an invoice finalized at that instant was rated from (later arrivals are corrections on a later invoice),
    /// so that its line explanations can be recomputed exactly. Readers that cannot tell when an event was recorded
    /// do not support it.
    /// </summary>
    IAsyncEnumerable<OwnerUsage> UsageOfOwnersRecordedBy(
        IReadOnlyCollection<BillableOwner> owners,
        BillingPeriod period,
        DateTimeOffset recordedUpTo,
        CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot read usage as recorded by an instant.");
}

/// <summary>One owner's usage in a period, as <see cref="IUsageReader.UsageOfOwners"/> streams it.</summary>
public sealed record OwnerUsage(BillableOwner Owner, IReadOnlyList<GaugeSegment> Segments, IReadOnlyList<CounterTotal> Counters);
