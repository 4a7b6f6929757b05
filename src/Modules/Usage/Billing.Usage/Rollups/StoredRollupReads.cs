using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Billing.Usage.Reading;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Billing.Usage.Rollups;

/// <summary>
/// The part of a rollup request the stored rollups answer: whole UTC days from a day-aligned start up to the earlier
/// of the period's last midnight and today's (today is still filling in, and readings may be dated up to the future
/// tolerance ahead, so it is left to the events). A whole month is at most 31 day rows per key, summed here; each
/// gauge series' latest reading, whose stretch is open, is added here up to where the stored part ends. An owner
/// with batches still pending (ADR 0031) has its stored part end earlier, on the first day those batches may change
/// (<see cref="PendingRollups.PendingFromAsync"/>, ADR 0053): before it every reading is counted, so the stored days
/// and the open stretches up to it are exact, and the caller computes the rest from the events. Call inside one
/// snapshot (repeatable read): a pass commits stored rows and drops pending ones at once.
/// </summary>
internal sealed class StoredRollupReads(UsageDbContext db, PendingRollups pending)
{
    /// <summary>
    /// Returns where the stored part ends (the period's start when it covers nothing), its rollups, and for each owner
    /// with pending batches where its own stored part ends instead (never later than the first).
    /// </summary>
    public async Task<(DateTimeOffset StoredEnd, List<UsageRollup> Rollups, Dictionary<Guid, DateTimeOffset> PendingFrom)> ReadAsync(
        IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var periodEndDay = ClosedStretches.DayOf(period.End);
        var today = ClosedStretches.DayOf(now);
        var storedEnd = periodEndDay < today ? periodEndDay : today;
        if (period.Start != ClosedStretches.DayOf(period.Start) || storedEnd <= period.Start || owners.Count == 0)
        {
            return (period.Start, [], []);
        }

        var pendingFrom = (await pending.PendingFromAsync(owners.Select(o => o.Id).Distinct().ToList(), cancellationToken))
            .ToDictionary(p => p.Key, p => p.Value < period.Start ? period.Start : p.Value > storedEnd ? storedEnd : p.Value);
        var endOf = (Guid owner) => pendingFrom.TryGetValue(owner, out var end) ? end : storedEnd;
        // An id is an account's or a team's: rows and readings of the other kind with the same id are dropped below.
        var read = owners.Where(o => endOf(o.Id) > period.Start).ToHashSet();
        if (read.Count == 0)
        {
            return (storedEnd, [], pendingFrom);
        }

        var ids = read.Select(o => o.Id).Distinct().ToList();

        var stored = new BillingPeriod(period.Start, storedEnd);
        var rows = await db.DailyRollups.AsNoTracking()
            .Where(r => ids.Contains(r.OwnerId) && r.PeriodStart >= stored.Start && r.PeriodStart < stored.End)
            .ToListAsync(cancellationToken);
        var totals = rows
            .Where(r => r.PeriodStart < endOf(r.OwnerId))
            .Select(r => (Key: (Owner: new BillableOwner(r.OwnerKind, r.OwnerId), r.AppId, r.Metric, r.Subject, r.Variant), r.ValueTotal, r.MaxValue))
            .Concat(await OpenStretchesAsync(read, stored, endOf, cancellationToken))
            .Where(r => read.Contains(r.Key.Owner))
            .GroupBy(r => r.Key)
            .Select(g => new UsageRollup(g.Key.Owner, g.Key.AppId, g.Key.Metric, g.Key.Subject, g.Key.Variant, period,
                ValueOf(g.Key.Metric, g.Key.Subject, g.Sum(r => r.ValueTotal), g.Max(r => r.MaxValue)), g.Max(r => r.MaxValue)))
            .ToList();
        return (storedEnd, totals, pendingFrom);
    }

    /// <summary>What a counter's stored sums and maxima mean for its aggregation (Connect rows: the month's maximum).</summary>
    public static decimal ValueOf(string metric, string subject, decimal sum, decimal max) =>
        MetricCatalog.IsGauge(metric) || (MetricCatalog.Find(metric, hasAddon: subject.Length > 0)?.Aggregation ?? Aggregation.Sum) != Aggregation.Max ? sum : max;

    /// <summary>
    /// Each gauge series' latest reading, if it lies before its owner's end of the stored part, held from its instant (or
    /// the start) to that end. A series with a later reading has its stretch stored closed: a later reading of a pending
    /// owner is at or after that owner's end, and the one before the earliest pending reading is counted (ADR 0053).
    /// </summary>
    private async Task<IEnumerable<((BillableOwner Owner, Guid AppId, string Metric, string Subject, string Variant) Key, decimal ValueTotal, decimal MaxValue)>> OpenStretchesAsync(
        IReadOnlyCollection<BillableOwner> owners, BillingPeriod stored, Func<Guid, DateTimeOffset> endOf, CancellationToken cancellationToken)
    {
        var latest = await LatestReadingsAsync(owners, stored.End, cancellationToken);
        return latest
            .Where(e => e.Value != 0)
            .Select(e => (Reading: e, From: e.OccurredAt > stored.Start ? e.OccurredAt : stored.Start, End: endOf(e.OwnerId)))
            .Where(x => x.From < x.End)
            .Select(x => ((x.Reading.Owner, x.Reading.AppId, x.Reading.Metric, x.Reading.Subject, x.Reading.Variant), x.Reading.Value * (long)(x.End - x.From).TotalSeconds, x.Reading.Value));
    }

    /// <summary>
    /// Each gauge series' latest reading of all (ties by arrival), for the series with a reading before <paramref name="before"/>,
    /// kept only if it is before it. On PostgreSQL one index probe per series (ADR 0046's series walk): asking, for every
    /// earlier reading, whether a later one exists read each owner's whole history on every monthly read (ADR 0053).
    /// </summary>
    private async Task<List<UsageEvent>> LatestReadingsAsync(IReadOnlyCollection<BillableOwner> owners, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var gauges = MetricCatalog.GaugeMetrics.ToList();
        if (db.Provider != DatabaseProvider.Postgres)
        {
            var ids = owners.Select(o => o.Id).Distinct().ToList();
            return [.. (await db.UsageEvents.AsNoTracking()
                    .Where(e => ids.Contains(e.OwnerId) && gauges.Contains(e.Metric) && e.OccurredAt < before
                        && !db.UsageEvents.Any(x => x.OwnerId == e.OwnerId && x.OwnerKind == e.OwnerKind && x.AppId == e.AppId && x.Metric == e.Metric && x.Subject == e.Subject
                            && x.OccurredAt > e.OccurredAt))
                    .ToListAsync(cancellationToken))
                .GroupBy(e => (e.Owner, GaugeSeries.Of(e)))
                .Select(series => series.MaxBy(e => e.Seq)!)];
        }

        // Only the schema name (configuration) and constant SQL are spliced in; every value is a parameter.
        var sql = $"""
            {SeriesProbes.SeriesCte(db.Schema)}
            SELECT l.*
            FROM series s
            CROSS JOIN LATERAL (
                SELECT e.* FROM {db.Schema}.usage_events e
                WHERE e.owner_id = s.owner_id AND e.app_id = s.app_id AND e.metric = s.metric AND e.subject = s.subject
                ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1) l
            WHERE s.metric = ANY(@gauges) AND l.occurred_at < @start
            """;
        return await db.UsageEvents.FromSqlRaw(
                sql,
                new NpgsqlParameter("kinds", owners.Select(o => (int)o.Kind).ToArray()),
                new NpgsqlParameter("owners", owners.Select(o => o.Id).ToArray()),
                new NpgsqlParameter("gauges", gauges.ToArray()),
                new NpgsqlParameter("start", before))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }
}
