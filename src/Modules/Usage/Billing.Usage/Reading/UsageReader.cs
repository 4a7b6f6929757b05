using System.Data;
using System.Runtime.CompilerServices;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Billing.Usage.Rollups;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Billing.Usage.Reading;

/// <summary>
/// What Invoicing and Licensing read of Usage, computed from the stored events: gauges are rebuilt per period
/// (out-of-order and late events simply take their place), clipped at the clock so nothing future is counted.
/// </summary>
internal sealed partial class UsageReader(UsageDbContext db, StoredRollupReads storedRollups, TimeProvider time) : IUsageReader
{
    public async IAsyncEnumerable<BillableOwner> OwnersWithUsage(BillingPeriod period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var gauges = MetricCatalog.GaugeMetrics.ToList();
        var listed = new HashSet<BillableOwner>();
        var heldBefore = new List<BillableOwner>();
        // Owners with an event in the period are handed out as the probes find them, so that a billing run's workers rate
        // the first partitions while planning goes on (ADR 0056, 0057). Each owner once, whatever order the walk gave.
        await foreach (var (owner, found) in db.Provider == DatabaseProvider.Postgres
            ? OwnerFindings.PerOwner(MetricsBySeriesProbesAsync(gauges, period, cancellationToken))
            : OwnersByScanAsync(gauges, period, cancellationToken))
        {
            if (found == OwnerFound.InPeriod)
            {
                if (listed.Add(owner))
                {
                    yield return owner;
                }
            }
            else
            {
                heldBefore.Add(owner);
            }
        }

        // A gauge set before the period and still held in it is usage too, though no event falls inside.
        var candidates = heldBefore.Where(o => !listed.Contains(o)).Distinct().OrderBy(o => o.Kind).ThenBy(o => o.Id).ToList();
        foreach (var chunk in candidates.Chunk(500))
        {
            var holding = new List<BillableOwner>();
            await foreach (var candidate in UsageOfOwners(chunk, period, cancellationToken))
            {
                if (candidate.Segments.Count > 0)
                {
                    holding.Add(candidate.Owner);
                }
            }

            foreach (var owner in holding.OrderBy(o => o.Kind).ThenBy(o => o.Id))
            {
                yield return owner;
            }
        }
    }

    /// <summary>Other providers (SQLite, the embedded default): a DISTINCT over the period's events and one over the gauges before it.</summary>
    private async IAsyncEnumerable<(BillableOwner Owner, OwnerFound Found)> OwnersByScanAsync(
        List<string> gauges, BillingPeriod period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inPeriod = await db.UsageEvents.Where(e => e.OccurredAt >= period.Start && e.OccurredAt < period.End)
            .Select(e => new { e.OwnerKind, e.OwnerId }).Distinct().ToListAsync(cancellationToken);
        var heldBefore = await db.UsageEvents.Where(e => e.OccurredAt < period.Start && gauges.Contains(e.Metric))
            .Select(e => new { e.OwnerKind, e.OwnerId }).Distinct().ToListAsync(cancellationToken);
        foreach (var owner in inPeriod.Select(o => new BillableOwner(o.OwnerKind, o.OwnerId)).OrderBy(o => o.Kind).ThenBy(o => o.Id))
        {
            yield return (owner, OwnerFound.InPeriod);
        }

        foreach (var owner in heldBefore)
        {
            yield return (new BillableOwner(owner.OwnerKind, owner.OwnerId), OwnerFound.HeldBefore);
        }
    }

    /// <summary>
    /// PostgreSQL: each owner's metrics are visited once through the (owner_kind, owner_id, metric, occurred_at) index — a
    /// loose index scan — and probed there: an event in the period? If not, a gauge reading before it? (The second probe
    /// only when the first finds nothing: an owner billed every month would pay for it to no purpose.) So the cost
    /// follows the number of owners and metrics, not the rows: a DISTINCT over the period's events read every one of them
    /// (about a third of a floor's time in a billing run's planning), and one over the years before the period would read
    /// more every month.
    /// </summary>
    /// <remarks>
    /// One row per owner and metric, in the walk's (the index's) order, handed on as it arrives: nothing above the walk
    /// may collect its rows (a GROUP BY per owner did, and the first owner came out only once the last was probed).
    /// <see cref="OwnerFindings.PerOwner"/> makes one finding per owner of them.
    /// </remarks>
    private async IAsyncEnumerable<(BillableOwner Owner, OwnerFound Found)> MetricsBySeriesProbesAsync(
        List<string> gauges, BillingPeriod period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"""
                WITH RECURSIVE metrics AS (
                    (SELECT owner_kind, owner_id, metric FROM {db.Schema}.usage_events ORDER BY owner_kind, owner_id, metric LIMIT 1)
                    UNION ALL
                    SELECT next.owner_kind, next.owner_id, next.metric
                    FROM metrics m
                    CROSS JOIN LATERAL (
                        SELECT e.owner_kind, e.owner_id, e.metric FROM {db.Schema}.usage_events e
                        WHERE (e.owner_kind, e.owner_id, e.metric) > (m.owner_kind, m.owner_id, m.metric)
                        ORDER BY e.owner_kind, e.owner_id, e.metric LIMIT 1) next)
                SELECT m.owner_kind, m.owner_id,
                       CASE WHEN EXISTS (SELECT 1 FROM {db.Schema}.usage_events e
                                         WHERE e.owner_kind = m.owner_kind AND e.owner_id = m.owner_id AND e.metric = m.metric
                                           AND e.occurred_at >= @start AND e.occurred_at < @end) THEN {(int)OwnerFound.InPeriod}
                            WHEN m.metric = ANY(@gauges) AND EXISTS (SELECT 1 FROM {db.Schema}.usage_events e
                                         WHERE e.owner_kind = m.owner_kind AND e.owner_id = m.owner_id AND e.metric = m.metric
                                           AND e.occurred_at < @start) THEN {(int)OwnerFound.HeldBefore}
                            ELSE {(int)OwnerFound.Nothing} END
                FROM metrics m
                """, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddWithValue("gauges", gauges.ToArray());
            command.Parameters.AddWithValue("start", period.Start);
            command.Parameters.AddWithValue("end", period.End);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return (new BillableOwner((BillableOwnerKind)reader.GetInt32(0), reader.GetGuid(1)), (OwnerFound)reader.GetInt32(2));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task PrepareForRunAsync(CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Postgres || db.Database.CurrentTransaction is not null)
        {
            return;
        }

        // Only the schema name (configuration) is spliced in. VACUUM cannot run in a transaction; SKIP_LOCKED lets a run
        // start at once while autovacuum (or another run's planner) is already at it. Marking pages needs only the heap
        // pass: the indexes' cleanup and the table's truncation are left to autovacuum.
        var vacuum = $"VACUUM (SKIP_LOCKED, INDEX_CLEANUP OFF, TRUNCATE OFF) {db.Schema}.usage_events";
        await db.Database.ExecuteSqlRawAsync(vacuum, cancellationToken);
    }

    public async Task<long> PinAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("Usage is pinned in a transaction of its own: the intake lock is let go at its commit.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UsageLocks.ClosePeriodAsync(db, cancellationToken);
        var position = await db.UsageEvents.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
        await transaction.CommitAsync(cancellationToken);
        return position;
    }

    public async Task<IReadOnlyList<GaugeSegment>> Segments(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken)
    {
        return ToSegments(owner, await HeldAsync(owner, period, cancellationToken));
    }

    public async Task<IReadOnlyList<CounterTotal>> Counters(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken)
    {
        return ToCounters(owner, (await CounterReadingsAsync([owner], period, cancellationToken)).Select(e => UsageReading.Of(e, e.Seq)));
    }

    /// <summary>
    /// From the stored rollups where they cover the period (whole past days, ADR 0017); the rest — today, a start that
    /// is not a UTC midnight — computed from the events as before, and the two added per key. An owner whose latest
    /// events are not in the stored rollups yet (ADR 0031) is computed from its events from the first day they may
    /// change on (ADR 0053): read-your-writes.
    /// </summary>
    public async Task<IReadOnlyList<UsageRollup>> MonthlyRollups(IReadOnlyCollection<BillableOwner> owners, BillingPeriod month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var distinct = owners.Distinct().ToList();
        // One snapshot for the pending check, the stored rows and the events, or a pass committing in between would be half seen.
        await using var snapshot = db.Database.CurrentTransaction is null && db.Provider == DatabaseProvider.Postgres
            ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
            : null;
        var (storedEnd, stored, pending) = await storedRollups.ReadAsync(distinct, month, time.GetUtcNow(), cancellationToken);
        // What the stored rows do not cover is computed from the events, for all the owners that share a start at once
        // (a delivery of a batch touching many enterprise teams measured them with three queries each).
        var computed = new Dictionary<BillableOwner, List<UsageRollup>>();
        foreach (var from in distinct.GroupBy(o => pending.TryGetValue(o.Id, out var pendingFrom) ? pendingFrom : storedEnd).Where(g => g.Key < month.End))
        {
            foreach (var (owner, rollupsOf) in await ComputedRollupsAsync([.. from], new BillingPeriod(from.Key, month.End), cancellationToken))
            {
                computed[owner] = rollupsOf;
            }
        }

        var storedOf = stored.ToLookup(r => r.Owner);
        var rollups = new List<UsageRollup>();
        foreach (var owner in distinct)
        {
            rollups.AddRange(storedOf[owner].Concat(computed.GetValueOrDefault(owner) ?? [])
                .GroupBy(r => (r.AppId, r.Metric, r.Subject, r.Variant))
                .Select(g => new UsageRollup(owner, g.Key.AppId, g.Key.Metric, g.Key.Subject, g.Key.Variant, month,
                    g.Count() == 1 ? g.First().ValueSeconds : StoredRollupReads.ValueOf(g.Key.Metric, g.Key.Subject, g.Sum(r => r.ValueSeconds), g.Max(r => r.ValueSeconds)),
                    g.Max(r => r.MaxValue)))
                .OrderBy(r => r.AppId).ThenBy(r => r.Metric, StringComparer.Ordinal).ThenBy(r => r.Subject, StringComparer.Ordinal).ThenBy(r => r.Variant, StringComparer.Ordinal));
        }

        return rollups;
    }

    /// <summary>The owner's rollups of the period computed from its events alone (no stored rollup).</summary>
    internal async Task<IReadOnlyList<UsageRollup>> ComputedRollupsAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        (await ComputedRollupsAsync([owner], period, cancellationToken))[owner];

    /// <summary>The owners' rollups of the period computed from their events alone, read for all of them at once.</summary>
    private async Task<Dictionary<BillableOwner, List<UsageRollup>>> ComputedRollupsAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, CancellationToken cancellationToken)
    {
        var held = await HeldAsync(owners, period, cancellationToken);
        var counters = (await CounterReadingsAsync(owners, period, cancellationToken)).ToLookup(e => e.Owner);
        return owners.Distinct().ToDictionary(o => o, o => UsageRollups.Of(o, period, held[o], counters[o]).ToList());
    }

    /// <summary>The owner's gauge readings that matter for the period: those inside it and each series' last one before it.</summary>
    internal async Task<IReadOnlyList<HeldValue>> HeldAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        [.. (await HeldAsync([owner], period, cancellationToken))[owner]];

    /// <summary>As for one owner, for many at once (one query for the period's readings, one for the readings before it).</summary>
    internal async Task<ILookup<BillableOwner, HeldValue>> HeldAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, CancellationToken cancellationToken)
    {
        var gauges = MetricCatalog.GaugeMetrics.ToList();
        var ids = owners.Select(o => o.Id).Distinct().ToList();
        var ofOwners = db.UsageEvents.AsNoTracking().Where(e => ids.Contains(e.OwnerId) && gauges.Contains(e.Metric));
        var inside = await ofOwners.Where(e => e.OccurredAt >= period.Start && e.OccurredAt < period.End).ToListAsync(cancellationToken);
        var lastBefore = db.Provider == DatabaseProvider.Postgres
            ? await LastBeforeAsync(owners, period.Start, cancellationToken)
            : await ofOwners
                .Where(e => e.OccurredAt < period.Start && e.OccurredAt == db.UsageEvents
                    .Where(x => x.OwnerKind == e.OwnerKind && x.OwnerId == e.OwnerId && x.AppId == e.AppId && x.Metric == e.Metric && x.Subject == e.Subject && x.OccurredAt < period.Start)
                    .Max(x => x.OccurredAt))
                .ToListAsync(cancellationToken);
        var wanted = owners.ToHashSet();
        var now = time.GetUtcNow();
        // An id is an account's or a team's: readings of the other kind with the same id are not the owner's.
        return inside.Concat(lastBefore)
            .Where(e => wanted.Contains(e.Owner))
            .GroupBy(e => e.Owner)
            .SelectMany(g => GaugeTimeline.Held(g, period.Start, period.End, now).Select(h => (Owner: g.Key, Held: h)))
            .ToLookup(x => x.Owner, x => x.Held);
    }

    /// <summary>
    /// PostgreSQL: each of the owners' gauge series' last reading before <paramref name="start"/>, by index
    /// probes as in the batch read (ADR 0046). The correlated <c>max</c> above probed once per earlier reading of the
    /// owner, so a preview or a licence-consumption read cost more every month of history.
    /// </summary>
    private Task<List<UsageEvent>> LastBeforeAsync(IReadOnlyCollection<BillableOwner> owners, DateTimeOffset start, CancellationToken cancellationToken)
    {
        // Only the schema name (configuration) and constant SQL are spliced in; every value is a parameter.
        var sql = $"""
            {SeriesProbes.SeriesCte(db.Schema)}
            SELECT e.*
            {LastBeforeReadings(db.Schema, UsageCut.None)}
            """;
        return db.UsageEvents.FromSqlRaw(
                sql,
                new NpgsqlParameter("kinds", owners.Select(o => (int)o.Kind).ToArray()),
                new NpgsqlParameter("owners", owners.Select(o => o.Id).ToArray()),
                new NpgsqlParameter("gauges", MetricCatalog.GaugeMetrics.ToArray()),
                new NpgsqlParameter("start", start))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    private async Task<List<UsageEvent>> CounterReadingsAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, CancellationToken cancellationToken)
    {
        var gauges = MetricCatalog.GaugeMetrics.ToList();
        var ids = owners.Select(o => o.Id).ToList();
        var end = period.End < time.GetUtcNow() ? period.End : time.GetUtcNow();
        var readings = await db.UsageEvents.AsNoTracking()
            .Where(e => ids.Contains(e.OwnerId) && !gauges.Contains(e.Metric) && e.OccurredAt >= period.Start && e.OccurredAt < end)
            .OrderBy(e => e.Seq)
            .ToListAsync(cancellationToken);
        return readings.Where(e => owners.Contains(e.Owner)).ToList();
    }
}
