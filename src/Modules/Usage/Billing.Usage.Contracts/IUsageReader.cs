using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Contracts;

/// <summary>
/// What other modules may read of Usage (Invoicing rates from it, Licensing measures consumption with it).
/// Registered by the Usage module; resolved from the caller's scope.
/// </summary>
public interface IUsageReader
{
    /// <summary>
    /// Every owner with any usage overlapping <paramref name="period"/>, once each, streamed as found (ADR 0057): first the
    /// owners with an event in the period, in the order of Usage's owner index, then those whose only usage is a gauge set
    /// before the period and still held in it. The same data gives the same order. While the caller holds the stream,
    /// the reader's connection is reading it: the same scope's <see cref="IUsageReader"/> is busy until the stream ends.
    /// </summary>
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
    /// Readies the stored usage for a billing run's reads, before it plans (ADR 0059): on PostgreSQL, vacuums the usage
    /// table so that the pages written since autovacuum's last visit (the period's last days at low volume) are read from
    /// the index alone too. Visits only those pages; skipped while another vacuum holds the table. The default does nothing.
    /// </summary>
    Task PrepareForRunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Pins the usage a billing run rates (ADR 0038): waits until every intake in flight has committed and answers the
    /// highest arrival position then stored. Every event at or below it is committed and visible; every event stored
    /// later gets a higher position. An invoice rated through it (<see cref="UsageOfOwnersThrough"/>) and finalized with
    /// it covers exactly the events at or below it, and Usage turns every later event of the period into a correction,
    /// so an event recorded while a run rates is billed once: on the next invoice, never twice and never not at all.
    /// </summary>
    Task<long> PinAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot pin the usage it reads.");

    /// <summary>As <see cref="UsageOfOwners"/>, from the events at or below the pinned <paramref name="position"/> only.</summary>
    IAsyncEnumerable<OwnerUsage> UsageOfOwnersThrough(
        IReadOnlyCollection<BillableOwner> owners,
        BillingPeriod period,
        long position,
        CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot read usage through a pinned position.");

    /// <summary>
    /// As <see cref="UsageOfOwners"/>, from the events recorded up to <paramref name="recordedUpTo"/> (inclusive) only:
    /// the usage an invoice finalized at that instant was rated from (later arrivals are corrections on a later invoice),
    /// so that the line explanations of an invoice finalized before usage was pinned (ADR 0038) can be recomputed.
    /// Readers that cannot tell when an event was recorded do not support it.
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
