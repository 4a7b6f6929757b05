using System.Runtime.CompilerServices;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Reading;

/// <summary>
/// The batch read a billing run's partition uses: the same segments and counters as the per-owner reads, for many
/// owners in two queries instead of three per owner. The batch's readings are held in memory while its owners are
/// streamed out, so memory is bounded by the batch the caller asks for (a run's partition), never by the period.
/// </summary>
internal sealed partial class UsageReader
{
    public async IAsyncEnumerable<OwnerUsage> UsageOfOwners(
        IReadOnlyCollection<BillableOwner> owners,
        BillingPeriod period,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var wanted = owners.ToHashSet();
        if (wanted.Count == 0)
        {
            yield break;
        }

        var ids = wanted.Select(o => o.Id).Distinct().ToList();
        var gauges = MetricCatalog.GaugeMetrics.ToList();
        var now = time.GetUtcNow();
        var heldBefore = (await LastReadingsBeforeAsync(ids, gauges, period.Start, cancellationToken))
            .Where(e => wanted.Contains(e.Owner)).ToLookup(e => e.Owner);

        // One pass over the batch's rows in the period, gauges and counters alike (counters stop at the clock, as in
        // Counters). Unordered: sorting in the database cost more than grouping here, and a batch fits in memory.
        var counterEnd = period.End < now ? period.End : now;
        var rows = await db.UsageEvents.AsNoTracking()
            .Where(e => ids.Contains(e.OwnerId) && e.OccurredAt >= period.Start && e.OccurredAt < period.End)
            .ToListAsync(cancellationToken);
        var counters = rows.Where(e => !gauges.Contains(e.Metric) && e.OccurredAt < counterEnd).ToLookup(e => e.Owner);
        var inside = rows.Where(e => gauges.Contains(e.Metric)).ToList();
        foreach (var readings in inside.GroupBy(e => e.Owner))
        {
            if (wanted.Remove(readings.Key))
            {
                yield return Of(readings.Key, readings);
            }
        }

        foreach (var owner in wanted)
        {
            yield return Of(owner, []);
        }

        OwnerUsage Of(BillableOwner owner, IEnumerable<UsageEvent> readingsInside) =>
            new(owner,
                ToSegments(owner, GaugeTimeline.Held(readingsInside.Concat(heldBefore[owner]), period.Start, period.End, now)),
                ToCounters(owner, counters[owner]));
    }

    /// <summary>Each gauge series' last readings before <paramref name="start"/> (all of them when several share that instant).</summary>
    private async Task<List<UsageEvent>> LastReadingsBeforeAsync(List<Guid> ownerIds, List<string> gauges, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var before = db.UsageEvents.AsNoTracking().Where(e => ownerIds.Contains(e.OwnerId) && gauges.Contains(e.Metric) && e.OccurredAt < start);
        var lastAt = before
            .GroupBy(e => new { e.OwnerKind, e.OwnerId, e.AppId, e.Metric, e.Subject })
            .Select(g => new { g.Key.OwnerKind, g.Key.OwnerId, g.Key.AppId, g.Key.Metric, g.Key.Subject, At = g.Max(e => e.OccurredAt) });
        return await before
            .Join(lastAt,
                e => new { e.OwnerKind, e.OwnerId, e.AppId, e.Metric, e.Subject, At = e.OccurredAt },
                l => new { l.OwnerKind, l.OwnerId, l.AppId, l.Metric, l.Subject, l.At },
                (e, _) => e)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Held gauge values as segments, in <see cref="IUsageReader.Segments"/>' order.</summary>
    private static List<GaugeSegment> ToSegments(BillableOwner owner, IEnumerable<HeldValue> held) =>
        held
            .Select(h => new GaugeSegment(owner, h.Source.AppId, h.Source.Metric, h.Source.Subject, h.Source.Variant, h.Source.Value, h.From, h.To, h.Source.EventId))
            .OrderBy(s => s.AppId).ThenBy(s => s.Metric, StringComparer.Ordinal).ThenBy(s => s.Subject, StringComparer.Ordinal)
            .ThenBy(s => s.Variant, StringComparer.Ordinal).ThenBy(s => s.From)
            .ToList();

    /// <summary>Counter readings (in arrival order) as totals, in <see cref="IUsageReader.Counters"/>' order.</summary>
    private static List<CounterTotal> ToCounters(BillableOwner owner, IEnumerable<UsageEvent> readings) =>
        readings
            .GroupBy(e => (e.AppId, e.Metric, e.Subject))
            .Select(g => new CounterTotal(owner, g.Key.AppId, g.Key.Metric, g.Key.Subject, g.Sum(e => e.Value), g.Max(e => e.Value), g.Count()))
            .OrderBy(c => c.AppId).ThenBy(c => c.Metric, StringComparer.Ordinal).ThenBy(c => c.Subject, StringComparer.Ordinal)
            .ToList();
}
