using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Rollups;

/// <summary>
/// The part of a rollup request the stored rollups answer: whole UTC days from a day-aligned start up to the earlier
/// of the period's last midnight and today's (today is still filling in, and readings may be dated up to the future
/// tolerance ahead, so it is left to the events). A whole month is at most 31 day rows per key, summed here; each
/// gauge series' latest reading, whose stretch is open, is added here up to where the stored part ends. An owner
/// with series still pending (ADR 0031) has nothing stored it can trust yet: it is left out, for the caller to compute
/// from the events. Call inside one snapshot (repeatable read): a pass commits stored rows and drops pending ones at once.
/// </summary>
internal sealed class StoredRollupReads(UsageDbContext db, PendingRollups pending)
{
    /// <summary>Returns where the stored part ends (the period's start when it covers nothing), its rollups, and the owners left out.</summary>
    public async Task<(DateTimeOffset StoredEnd, List<UsageRollup> Rollups, HashSet<Guid> PendingOwners)> ReadAsync(
        IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var periodEndDay = ClosedStretches.DayOf(period.End);
        var today = ClosedStretches.DayOf(now);
        var storedEnd = periodEndDay < today ? periodEndDay : today;
        if (period.Start != ClosedStretches.DayOf(period.Start) || storedEnd <= period.Start || owners.Count == 0)
        {
            return (period.Start, [], []);
        }

        var stored = new BillingPeriod(period.Start, storedEnd);
        var pendingOwners = await pending.OwnersPendingAsync(owners.Select(o => o.Id).Distinct().ToList(), cancellationToken);
        var ids = owners.Select(o => o.Id).Where(id => !pendingOwners.Contains(id)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return (storedEnd, [], pendingOwners);
        }

        var rows = await db.DailyRollups.AsNoTracking()
            .Where(r => ids.Contains(r.OwnerId) && r.PeriodStart >= stored.Start && r.PeriodStart < stored.End)
            .ToListAsync(cancellationToken);
        var totals = rows
            .Select(r => (Key: (Owner: new BillableOwner(r.OwnerKind, r.OwnerId), r.AppId, r.Metric, r.Subject, r.Variant), r.ValueTotal, r.MaxValue))
            .Concat(await OpenStretchesAsync(ids, stored, cancellationToken))
            .Where(r => owners.Contains(r.Key.Owner))
            .GroupBy(r => r.Key)
            .Select(g => new UsageRollup(g.Key.Owner, g.Key.AppId, g.Key.Metric, g.Key.Subject, g.Key.Variant, period,
                ValueOf(g.Key.Metric, g.Key.Subject, g.Sum(r => r.ValueTotal), g.Max(r => r.MaxValue)), g.Max(r => r.MaxValue)))
            .ToList();
        return (storedEnd, totals, pendingOwners);
    }

    /// <summary>What a counter's stored sums and maxima mean for its aggregation (Connect rows: the month's maximum).</summary>
    public static decimal ValueOf(string metric, string subject, decimal sum, decimal max) =>
        MetricCatalog.IsGauge(metric) || (MetricCatalog.Find(metric, hasAddon: subject.Length > 0)?.Aggregation ?? Aggregation.Sum) != Aggregation.Max ? sum : max;

    /// <summary>Each gauge series' latest reading held from its instant (or the start) to the end of the stored part.</summary>
    private async Task<IEnumerable<((BillableOwner Owner, Guid AppId, string Metric, string Subject, string Variant) Key, decimal ValueTotal, decimal MaxValue)>> OpenStretchesAsync(
        List<Guid> ownerIds, BillingPeriod stored, CancellationToken cancellationToken)
    {
        var gauges = MetricCatalog.GaugeMetrics.ToList();
        var latest = await db.UsageEvents.AsNoTracking()
            .Where(e => ownerIds.Contains(e.OwnerId) && gauges.Contains(e.Metric) && e.OccurredAt < stored.End
                && !db.UsageEvents.Any(x => x.OwnerId == e.OwnerId && x.OwnerKind == e.OwnerKind && x.AppId == e.AppId && x.Metric == e.Metric && x.Subject == e.Subject
                    && x.OccurredAt > e.OccurredAt))
            .ToListAsync(cancellationToken);
        return latest
            .GroupBy(e => (e.Owner, GaugeSeries.Of(e)))
            .Select(series => series.MaxBy(e => e.Seq)!)
            .Where(e => e.Value != 0)
            .Select(e => (Reading: e, From: e.OccurredAt > stored.Start ? e.OccurredAt : stored.Start))
            .Where(x => x.From < stored.End)
            .Select(x => ((x.Reading.Owner, x.Reading.AppId, x.Reading.Metric, x.Reading.Subject, x.Reading.Variant), x.Reading.Value * (long)(stored.End - x.From).TotalSeconds, x.Reading.Value));
    }
}
