using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Billing.Usage.Intake;

namespace Billing.Usage.Rollups;

/// <summary>
/// Keeps the daily and monthly rollups in step with newly stored events, in the same transaction (ADR 0017).
/// Counters add into their day. A gauge reading changes its series from its own day on (it ends the previous
/// reading's stretch there and holds until the next reading), so every series the batch touched is recomputed from
/// the day of its earliest new reading: stale rows in that range go, fresh ones are upserted; then the months from
/// the earliest touched month are re-added from the days. The owners' rollups are serialised by an advisory lock per
/// owner (taken in a fixed order): two batches of one series would otherwise each recompute without the other's rows.
/// The same lock orders intake against <c>InvoiceFinalized</c> (see <see cref="OwnerLocks"/>).
/// </summary>
internal sealed class RollupMaintenance(UsageDbContext db)
{
    private const string Columns = "owner_kind, owner_id, app_id, metric, subject, variant, period_start, value_total, max_value, pieces";
    private const string Key = "owner_id, owner_kind, app_id, metric, subject, variant, period_start";
    private const string SameSeries = "r.owner_id = s.owner AND r.owner_kind = s.kind AND r.app_id = s.app AND r.metric = s.metric AND r.subject = s.subject";

    /// <summary>The stored batch, passed as one array per column.</summary>
    private const string Batch = "unnest(@owner_kind, @owner_id, @app_id, @metric, @subject, @variant, @value, @occurred_at, @gauge) AS e(kind, owner, app, metric, subject, variant, value, at, gauge)";

    /// <summary>
    /// Every stored event as if it had just arrived: rebuilds all rollups from scratch (the migration that adds them
    /// runs it over the events already there).
    /// </summary>
    public static readonly string RebuildAll = Maintain(EveryEvent);

    /// <summary>
    /// A batch touches a few hundred series among millions of rows: the planner, seeing a thousand-element array, would
    /// rather hash-join whole rollup tables; index lookups per series are what keeps the cost per batch flat.
    /// </summary>
    private static readonly string ForBatch = string.Join(";\n",
        OwnerLocks.LockOwners,
        "SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off", "SET LOCAL enable_seqscan = off",
        Maintain(Batch),
        "SET LOCAL enable_hashjoin TO DEFAULT", "SET LOCAL enable_mergejoin TO DEFAULT", "SET LOCAL enable_seqscan TO DEFAULT");

    private static string EveryEvent => $"""
        (SELECT owner_kind AS kind, owner_id AS owner, app_id AS app, metric, subject, variant, value, occurred_at AS at,
                metric IN ({string.Join(", ", MetricCatalog.GaugeMetrics.Order(StringComparer.Ordinal).Select(m => $"'{m}'"))}) AS gauge
         FROM usage.usage_events) AS e
        """;

    private static string AddCounters(string source) => $"""
        INSERT INTO usage.daily_rollups AS r ({Columns})
        SELECT kind, owner, app, metric, subject, variant, date_trunc('day', at, 'UTC'), sum(value), max(value), count(*)
        FROM {source}
        WHERE NOT gauge
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        ORDER BY 2, 1, 3, 4, 5, 6, 7
        ON CONFLICT ({Key}) DO UPDATE
        SET value_total = r.value_total + excluded.value_total, max_value = greatest(r.max_value, excluded.max_value), pieces = r.pieces + excluded.pieces
        """;

    /// <summary>The series the batch touched with gauge readings, and the day each must be recomputed from.</summary>
    private static string GaugeSeries(string source) => $"""
        SELECT kind, owner, app, metric, subject, date_trunc('day', min(at), 'UTC') AS from_day
        FROM {source}
        WHERE gauge
        GROUP BY 1, 2, 3, 4, 5
        """;

    /// <summary>The series the batch touched, and the month each must be re-added from.</summary>
    private static string AllSeries(string source) => $"""
        SELECT kind, owner, app, metric, subject, date_trunc('month', min(at), 'UTC') AS from_month
        FROM {source}
        GROUP BY 1, 2, 3, 4, 5
        """;

    // Deleting and re-inserting in two statements: in one, the insert would collide with the rows its own statement deletes.
    private static string ClearGaugeDays(string source) => $"""
        DELETE FROM usage.daily_rollups r USING ({GaugeSeries(source)}) AS s
        WHERE {SameSeries} AND r.period_start >= s.from_day
        """;

    private static string RecomputeGaugeDays(string source) => $"""
        WITH series AS ({GaugeSeries(source)}), readings AS (
            SELECT s.kind, s.owner, s.app, s.metric, s.subject, s.from_day, e.variant, e.value, e.occurred_at, e.seq
            FROM series s JOIN usage.usage_events e
              ON e.owner_id = s.owner AND e.app_id = s.app AND e.metric = s.metric AND e.subject = s.subject AND e.owner_kind = s.kind
             AND e.occurred_at >= s.from_day
            UNION ALL
            SELECT s.kind, s.owner, s.app, s.metric, s.subject, s.from_day, p.variant, p.value, p.occurred_at, p.seq
            FROM series s CROSS JOIN LATERAL (
                SELECT e.variant, e.value, e.occurred_at, e.seq FROM usage.usage_events e
                WHERE e.owner_id = s.owner AND e.app_id = s.app AND e.metric = s.metric AND e.subject = s.subject AND e.owner_kind = s.kind
                  AND e.occurred_at < s.from_day
                ORDER BY e.occurred_at DESC, e.seq DESC
                LIMIT 1) p
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

    private static string ClearMonths(string source) => $"""
        DELETE FROM usage.monthly_rollups r USING ({AllSeries(source)}) AS s
        WHERE {SameSeries} AND r.period_start >= s.from_month
        """;

    private static string RecomputeMonths(string source) => $"""
        INSERT INTO usage.monthly_rollups ({Columns})
        SELECT r.owner_kind, r.owner_id, r.app_id, r.metric, r.subject, r.variant, date_trunc('month', r.period_start, 'UTC'),
               sum(r.value_total), max(r.max_value), sum(r.pieces)
        FROM ({AllSeries(source)}) AS s JOIN usage.daily_rollups r ON {SameSeries} AND r.period_start >= s.from_month
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        """;

    private static string Maintain(string source) =>
        string.Join(";\n", AddCounters(source), ClearGaugeDays(source), RecomputeGaugeDays(source), ClearMonths(source), RecomputeMonths(source));

    /// <summary>Call inside the transaction that stored <paramref name="stored"/>, after storing them.</summary>
    public Task ApplyAsync(IReadOnlyList<UsageEvent> stored, CancellationToken cancellationToken) =>
        stored.Count == 0 ? Task.CompletedTask
        : db.Provider == DatabaseProvider.Postgres ? ApplyOnPostgresAsync(stored, cancellationToken)
        : ApplyOnSqliteAsync(stored, cancellationToken);

    private async Task ApplyOnPostgresAsync(IReadOnlyList<UsageEvent> stored, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ForBatch, (NpgsqlConnection)db.Database.GetDbConnection());
        UsageEventArrays.AddTo(command, stored);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The embedded default (one writer at a time): the same rules, computed here from the series' events.</summary>
    private async Task ApplyOnSqliteAsync(IReadOnlyList<UsageEvent> stored, CancellationToken cancellationToken)
    {
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
        foreach (var series in stored.GroupBy(e => (e.Owner, e.AppId, e.Metric, e.Subject)))
        {
            await RecomputeMonthsAsync(series.Key.Owner, series.Key.AppId, series.Key.Metric, series.Key.Subject, BillingPeriod.MonthOf(series.Min(e => e.OccurredAt)).Start, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RecomputeGaugeDaysAsync(BillableOwner owner, Guid appId, string metric, string subject, DateTimeOffset fromDay, CancellationToken cancellationToken)
    {
        var ofSeries = db.UsageEvents.AsNoTracking()
            .Where(e => e.OwnerId == owner.Id && e.OwnerKind == owner.Kind && e.AppId == appId && e.Metric == metric && e.Subject == subject);
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

    private async Task RecomputeMonthsAsync(BillableOwner owner, Guid appId, string metric, string subject, DateTimeOffset fromMonth, CancellationToken cancellationToken)
    {
        var days = await db.DailyRollups.AsNoTracking()
            .Where(r => r.OwnerId == owner.Id && r.OwnerKind == owner.Kind && r.AppId == appId && r.Metric == metric && r.Subject == subject && r.PeriodStart >= fromMonth)
            .ToListAsync(cancellationToken);
        db.MonthlyRollups.RemoveRange(await db.MonthlyRollups
            .Where(r => r.OwnerId == owner.Id && r.OwnerKind == owner.Kind && r.AppId == appId && r.Metric == metric && r.Subject == subject && r.PeriodStart >= fromMonth)
            .ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        db.MonthlyRollups.AddRange(days
            .GroupBy(d => (d.Variant, Month: BillingPeriod.MonthOf(d.PeriodStart).Start))
            .Select(g => new MonthlyRollup
            {
                OwnerKind = owner.Kind, OwnerId = owner.Id, AppId = appId, Metric = metric, Subject = subject, Variant = g.Key.Variant, PeriodStart = g.Key.Month,
                ValueTotal = g.Sum(d => d.ValueTotal), MaxValue = g.Max(d => d.MaxValue), Pieces = g.Sum(d => d.Pieces),
            }));
    }
}
