using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Rollups;

/// <summary>
/// Maintains the daily rollups (ADR 0017, ADR 0031, ADR 0044). On PostgreSQL the work arrives in two temporary tables
/// filled by the pending-rollup worker (<see cref="PendingRollups"/>): <c>pending_series</c> (kind, owner, app, metric,
/// subject, from_day), series whose days are recomputed from their events from that day on (gauges: a new reading
/// changes the stretch of the one before it), and <c>pending_counts</c>, counter sums per series, variant and day that
/// intake computed from the rows it stored and that are added to their day (a counter reading only adds to its own day,
/// so re-reading the day's events for every new one would make a busy meter's day quadratic). The statements here are
/// set-based over both. A rebuild puts every series, counters too, in <c>pending_series</c>. On SQLite (one writer at a
/// time) intake applies the same rules in C# inside its own transaction.
/// </summary>
internal sealed class RollupMaintenance(UsageDbContext db)
{
    private const string Columns = "owner_kind, owner_id, app_id, metric, subject, variant, period_start, value_total, max_value, pieces";
    private const string SameSeries = "r.owner_id = s.owner AND r.owner_kind = s.kind AND r.app_id = s.app AND r.metric = s.metric AND r.subject = s.subject";
    /// <summary>
    /// The kind is compared as an expression so the planner probes the series index (owner, app, metric, subject,
    /// instant): with the kind as a plain column it took the (kind, owner, metric, instant) index as often, and then
    /// read and dropped every other app's and subject's events of the owner (auto_explain on the benchmark).
    /// </summary>
    private const string EventOfSeries = "e.owner_id = s.owner AND e.app_id = s.app AND e.metric = s.metric AND e.subject = s.subject AND e.owner_kind + 0 = s.kind";

    public const string CreateWorkTables = """
        CREATE TEMP TABLE pending_series (kind integer, owner uuid, app uuid, metric text, subject text, from_day timestamptz) ON COMMIT DROP;
        CREATE TEMP TABLE pending_counts (kind integer, owner uuid, app uuid, metric text, subject text, variant text, day timestamptz,
                                          total numeric, max_value numeric, pieces bigint) ON COMMIT DROP;
        CREATE TEMP TABLE unfolded (seq bigint PRIMARY KEY, claimed boolean NOT NULL) ON COMMIT DROP
        """;

    /// <summary>
    /// Every series from its first event: rebuilds all rollups from scratch (the migration that adds them runs it over
    /// the events already there; tests compare it with what the worker maintained).
    /// </summary>
    public static readonly string RebuildAll = string.Join(";\n",
        CreateWorkTables,
        """
        INSERT INTO pending_series
        SELECT owner_kind, owner_id, app_id, metric, subject, date_trunc('day', min(occurred_at), 'UTC') FROM usage.usage_events GROUP BY 1, 2, 3, 4, 5
        """,
        Recompute(leaveOutUnclaimed: false));

    /// <summary>The gauge metrics as an SQL list, for <c>IN (...)</c>.</summary>
    public static string GaugeList => string.Join(", ", MetricCatalog.GaugeMetrics.Order(StringComparer.Ordinal).Select(m => $"'{m}'"));

    /// <summary>
    /// A reading of a batch still pending behind the pass (its position in <c>unfolded</c>, not claimed): a later pass
    /// folds it into the days from its neighbours (ADR 0049), so the days must not count it yet.
    /// </summary>
    private const string NotUnclaimed = "AND NOT EXISTS (SELECT FROM unfolded u WHERE u.seq = e.seq AND NOT u.claimed)";

    /// <summary>
    /// A gauge reading closes the stretch of the reading before it, which may have been the series' open one (held to
    /// the clock, so never stored): its days, from the previous reading's, are redone too.
    /// </summary>
    private static string WidenGaugesToPreviousReading(string unclaimed) => $"""
        UPDATE pending_series s SET from_day = coalesce((
            SELECT date_trunc('day', max(e.occurred_at), 'UTC') FROM usage.usage_events e WHERE {EventOfSeries} AND e.occurred_at < s.from_day {unclaimed}), s.from_day)
        WHERE s.metric IN ({GaugeList})
        """;

    // Deleting and re-inserting in two statements: in one, the insert would collide with the rows its own statement deletes.
    private const string ClearDays = $"DELETE FROM usage.daily_rollups r USING pending_series s WHERE {SameSeries} AND r.period_start >= s.from_day";

    /// <summary>Each reading held until the next of its series, cut at UTC midnights, from the series' day on.</summary>
    private static string GaugeDays(string unclaimed) => $"""
        WITH readings AS (
            SELECT s.kind, s.owner, s.app, s.metric, s.subject, s.from_day, e.variant, e.value, e.occurred_at, e.seq
            FROM pending_series s JOIN usage.usage_events e ON {EventOfSeries} AND e.occurred_at >= s.from_day {unclaimed}
            WHERE s.metric IN ({GaugeList})
            UNION ALL
            SELECT s.kind, s.owner, s.app, s.metric, s.subject, s.from_day, p.variant, p.value, p.occurred_at, p.seq
            FROM pending_series s CROSS JOIN LATERAL (
                SELECT e.variant, e.value, e.occurred_at, e.seq FROM usage.usage_events e
                WHERE {EventOfSeries} AND e.occurred_at < s.from_day {unclaimed}
                ORDER BY e.occurred_at DESC, e.seq DESC
                LIMIT 1) p
            WHERE s.metric IN ({GaugeList})
        ), held AS (
            SELECT r.*, lead(r.occurred_at) OVER (PARTITION BY r.kind, r.owner, r.app, r.metric, r.subject ORDER BY r.occurred_at, r.seq) AS until
            FROM readings r
        ), pieces AS (
            SELECT h.kind, h.owner, h.app, h.metric, h.subject, h.variant, h.value, d.day,
                   EXTRACT(EPOCH FROM least(h.until, d.day + interval '24 hours') - greatest(h.occurred_at, d.day)) AS seconds
            FROM held h
            CROSS JOIN LATERAL generate_series(date_trunc('day', greatest(h.occurred_at, h.from_day), 'UTC'), h.until - interval '1 second', interval '24 hours') AS d(day)
            WHERE h.until > h.occurred_at AND h.until > h.from_day AND h.value <> 0
        )
        INSERT INTO usage.daily_rollups ({Columns})
        SELECT kind, owner, app, metric, subject, variant, day, sum(value * seconds), max(value), count(*)
        FROM pieces
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        """;

    /// <summary>Counters only add into their own day.</summary>
    private static string CounterDays => $"""
        INSERT INTO usage.daily_rollups ({Columns})
        SELECT s.kind, s.owner, s.app, s.metric, s.subject, e.variant, date_trunc('day', e.occurred_at, 'UTC'), sum(e.value), max(e.value), count(*)
        FROM pending_series s JOIN usage.usage_events e ON {EventOfSeries} AND e.occurred_at >= s.from_day
        WHERE s.metric NOT IN ({GaugeList})
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        """;

    /// <summary>
    /// A counter series recomputed from its events (a rebuild, or a batch recorded before ADR 0044 without its sums) already
    /// counts every stored reading of the days it redoes: sums for those days would count them twice. Normally no counter
    /// series is recomputed: the one-time check keeps the pass from joining the two tables at all (a pass forbids hash
    /// joins, and a nested loop over both would cost their product).
    /// </summary>
    private static string DropCountsOfRecomputedDays => $"""
        DELETE FROM pending_counts c USING pending_series s
        WHERE EXISTS (SELECT FROM pending_series WHERE metric NOT IN ({GaugeList}))
          AND s.metric NOT IN ({GaugeList})
          AND c.owner = s.owner AND c.kind = s.kind AND c.app = s.app AND c.metric = s.metric AND c.subject = s.subject AND c.day >= s.from_day
        """;

    /// <summary>Counter sums are added into their day: every stored reading is in exactly one claimed batch's sums.</summary>
    private const string AddCounts = $"""
        INSERT INTO usage.daily_rollups AS r ({Columns})
        SELECT kind, owner, app, metric, subject, variant, day, total, max_value, pieces FROM pending_counts
        ON CONFLICT (owner_id, owner_kind, app_id, metric, subject, variant, period_start) DO UPDATE
        SET value_total = r.value_total + excluded.value_total, max_value = greatest(r.max_value, excluded.max_value), pieces = r.pieces + excluded.pieces
        """;

    /// <summary>
    /// Redoes every series of <c>pending_series</c> from its <c>from_day</c>, then adds <c>pending_counts</c> into their
    /// days; <paramref name="leaveOutUnclaimed"/>: without the gauge readings of batches still pending behind the pass.
    /// </summary>
    public static string Recompute(bool leaveOutUnclaimed)
    {
        var unclaimed = leaveOutUnclaimed ? NotUnclaimed : string.Empty;
        return string.Join(";\n", WidenGaugesToPreviousReading(unclaimed), ClearDays, GaugeDays(unclaimed), CounterDays, DropCountsOfRecomputedDays, AddCounts);
    }

    /// <summary>
    /// SQLite only (PostgreSQL records the series as pending, <see cref="PendingRollups"/>): call inside the transaction
    /// that stored <paramref name="stored"/>, after storing them.
    /// </summary>
    public async Task ApplyOnSqliteAsync(IReadOnlyList<UsageEvent> stored, CancellationToken cancellationToken)
    {
        if (stored.Count == 0 || db.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        foreach (var counter in stored.Where(e => !MetricCatalog.IsGauge(e.Metric))
                     .GroupBy(e => (e.Owner, e.AppId, e.Metric, e.Subject, e.Variant, Day: ClosedStretches.DayOf(e.OccurredAt))))
        {
            var k = counter.Key;
            var row = await db.DailyRollups.SingleOrDefaultAsync(r => r.OwnerId == k.Owner.Id && r.OwnerKind == k.Owner.Kind && r.AppId == k.AppId
                && r.Metric == k.Metric && r.Subject == k.Subject && r.Variant == k.Variant && r.PeriodStart == k.Day, cancellationToken);
            if (row is null)
            {
                row = new DailyRollup { OwnerKind = k.Owner.Kind, OwnerId = k.Owner.Id, AppId = k.AppId, Metric = k.Metric, Subject = k.Subject, Variant = k.Variant, PeriodStart = k.Day };
                db.DailyRollups.Add(row);
            }

            row.ValueTotal += counter.Sum(e => e.Value);
            row.MaxValue = Math.Max(row.MaxValue, counter.Max(e => e.Value));
            row.Pieces += counter.Count();
        }

        foreach (var series in stored.Where(e => MetricCatalog.IsGauge(e.Metric)).GroupBy(e => (e.Owner, e.AppId, e.Metric, e.Subject)))
        {
            await RecomputeGaugeDaysAsync(series.Key.Owner, series.Key.AppId, series.Key.Metric, series.Key.Subject, ClosedStretches.DayOf(series.Min(e => e.OccurredAt)), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RecomputeGaugeDaysAsync(BillableOwner owner, Guid appId, string metric, string subject, DateTimeOffset fromDay, CancellationToken cancellationToken)
    {
        var ofSeries = db.UsageEvents.AsNoTracking()
            .Where(e => e.OwnerId == owner.Id && e.OwnerKind == owner.Kind && e.AppId == appId && e.Metric == metric && e.Subject == subject);
        // As on PostgreSQL: the previous reading's stretch, perhaps open until now, ends at the new one; redo it whole.
        var previous = await ofSeries.Where(e => e.OccurredAt < fromDay).OrderByDescending(e => e.OccurredAt).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        if (previous is { } previousAt)
        {
            fromDay = ClosedStretches.DayOf(previousAt);
        }

        var readings = await ofSeries.Where(e => e.OccurredAt >= fromDay).ToListAsync(cancellationToken);
        var before = await ofSeries.Where(e => e.OccurredAt < fromDay).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Seq).FirstOrDefaultAsync(cancellationToken);
        if (before is not null)
        {
            readings.Add(before);
        }

        var fresh = ClosedStretches.ByDay(readings, fromDay)
            .GroupBy(p => (p.Variant, p.Day))
            .Select(g => new DailyRollup
            {
                OwnerKind = owner.Kind, OwnerId = owner.Id, AppId = appId, Metric = metric, Subject = subject, Variant = g.Key.Variant, PeriodStart = g.Key.Day,
                ValueTotal = g.Sum(p => p.Value * p.Seconds), MaxValue = g.Max(p => p.Value), Pieces = g.Count(),
            });
        db.DailyRollups.RemoveRange(await db.DailyRollups
            .Where(r => r.OwnerId == owner.Id && r.OwnerKind == owner.Kind && r.AppId == appId && r.Metric == metric && r.Subject == subject && r.PeriodStart >= fromDay)
            .ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        db.DailyRollups.AddRange(fresh);
    }
}
