using System.Data;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Billing.Usage.Rollups;

/// <summary>
/// PostgreSQL's stored rollups are brought up to date after the intake transaction, not inside it (ADR 0031). Intake
/// appends one <c>usage.pending_rollups</c> row per batch (the series it stored events of, each with its earliest
/// instant, and the positions of its gauge readings, as arrays) in the statement that stores the events, so the row
/// commits with them and nothing is lost to a crash. A pass claims pending rows, folds their gauge readings into the
/// stored days from each reading's neighbours (<see cref="GaugeFolding"/>, ADR 0049), adds their counter sums (ADR 0044)
/// and recomputes from the events only what folding cannot settle (<see cref="RollupMaintenance.Recompute"/>), deleting
/// the claimed rows in the same transaction. Passes take a try-lock first: two instances folding into one series at
/// once would collide on its rows, so they take turns, and intake never waits for a pass (it only inserts). Until its
/// pass commits, readers compute an owner with pending series from the events (<see cref="StoredRollupReads"/>).
/// </summary>
internal sealed class PendingRollups(UsageDbContext db, IOptions<UsageRollupOptions> options)
{
    /// <summary>
    /// Appended to intake's insert: <c>stored</c> is the CTE of the rows it stored (RETURNING). Every series stored into
    /// is listed (readers treat its owner as pending until a pass); counters also carry their sums per variant and day,
    /// which a pass adds to the stored days instead of re-reading them (ADR 0044). A row whose counter arrays are null
    /// was recorded before that: its counter series are recomputed from their events, as gauges are.
    /// </summary>
    public static readonly string RecordStored = $$"""
        pending AS (
            INSERT INTO usage.pending_rollups (owner_kind, owner_id, app_id, metric, subject, from_at, gauge_seq,
                counter_kind, counter_owner, counter_app, counter_metric, counter_subject, counter_variant, counter_day, counter_total, counter_max, counter_pieces)
            SELECT series.*, gauges.*, counts.*
            FROM (SELECT array_agg(owner_kind), array_agg(owner_id), array_agg(app_id), array_agg(metric), array_agg(subject), array_agg(from_at)
                  FROM (SELECT owner_kind, owner_id, app_id, metric, subject, min(occurred_at) AS from_at FROM stored GROUP BY 1, 2, 3, 4, 5) AS s
                  HAVING count(*) > 0) AS series
            CROSS JOIN (SELECT coalesce(array_agg(seq), '{}') FROM stored WHERE metric IN ({{RollupMaintenance.GaugeList}})) AS gauges
            CROSS JOIN (
                SELECT coalesce(array_agg(owner_kind), '{}'), coalesce(array_agg(owner_id), '{}'), coalesce(array_agg(app_id), '{}'),
                       coalesce(array_agg(metric), '{}'), coalesce(array_agg(subject), '{}'), coalesce(array_agg(variant), '{}'),
                       coalesce(array_agg(day), '{}'), coalesce(array_agg(total), '{}'), coalesce(array_agg(max_value), '{}'), coalesce(array_agg(pieces), '{}')
                FROM (SELECT owner_kind, owner_id, app_id, metric, subject, variant, date_trunc('day', occurred_at, 'UTC') AS day,
                             sum(value) AS total, max(value) AS max_value, count(*) AS pieces
                      FROM stored WHERE metric NOT IN ({{RollupMaintenance.GaugeList}})
                      GROUP BY 1, 2, 3, 4, 5, 6, 7) AS c) AS counts)
        """;

    private static readonly string TryLock = $"SELECT pg_try_advisory_lock({UsageLocks.LockClass}, {UsageLocks.RollupWorkerKey})";
    private static readonly string Unlock = $"SELECT pg_advisory_unlock({UsageLocks.LockClass}, {UsageLocks.RollupWorkerKey})";

    /// <summary>
    /// A pass folds gauge readings from their neighbours (ADR 0049) only when every pending batch lists its readings'
    /// positions; a batch recorded before that (or by an instance not upgraded yet) has its series recomputed from their
    /// events, and while one is pending every gauge series of the pass is, since which of its readings the stored days
    /// count is then not known. Asked with whether anything is pending at all, as the pass's first statement (its snapshot).
    /// </summary>
    private const string PendingState = "SELECT EXISTS (SELECT FROM usage.pending_rollups), EXISTS (SELECT FROM usage.pending_rollups WHERE gauge_seq IS NULL)";

    /// <summary>
    /// Claims the oldest pending batches: their gauge readings' positions into <c>unfolded</c> (folding) or their gauge
    /// series into <c>pending_series</c> (recomputing; also every series of a batch recorded without counter sums),
    /// their counter sums, merged per series, variant and day, into <c>pending_counts</c>.
    /// </summary>
    private static readonly string Claim = $"""
        WITH claimed AS (
            DELETE FROM usage.pending_rollups
            WHERE id IN (SELECT id FROM usage.pending_rollups ORDER BY id LIMIT @batches FOR UPDATE SKIP LOCKED)
            RETURNING *
        ), series AS (
            INSERT INTO pending_series
            SELECT u.kind, u.owner, u.app, u.metric, u.subject, date_trunc('day', min(u.at), 'UTC')
            FROM claimed c CROSS JOIN LATERAL unnest(c.owner_kind, c.owner_id, c.app_id, c.metric, c.subject, c.from_at) AS u(kind, owner, app, metric, subject, at)
            WHERE c.counter_owner IS NULL OR (@recompute AND u.metric IN ({RollupMaintenance.GaugeList}))
            GROUP BY 1, 2, 3, 4, 5
            RETURNING 1
        ), readings AS (
            INSERT INTO unfolded SELECT unnest(c.gauge_seq), true FROM claimed c WHERE NOT @recompute
            RETURNING 1
        ), counts AS (
            INSERT INTO pending_counts
            SELECT u.kind, u.owner, u.app, u.metric, u.subject, u.variant, u.day, sum(u.total), max(u.max_value), sum(u.pieces)
            FROM claimed c CROSS JOIN LATERAL unnest(c.counter_kind, c.counter_owner, c.counter_app, c.counter_metric, c.counter_subject, c.counter_variant,
                                                     c.counter_day, c.counter_total, c.counter_max, c.counter_pieces)
                AS u(kind, owner, app, metric, subject, variant, day, total, max_value, pieces)
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            RETURNING 1)
        SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM series), (SELECT count(*) FROM readings), (SELECT count(*) FROM counts)
        """;

    /// <summary>The readings of batches left pending behind the pass (the claim's delete is visible to the pass's later statements).</summary>
    private const string ListUnclaimed = "INSERT INTO unfolded SELECT unnest(gauge_seq), false FROM usage.pending_rollups WHERE gauge_seq IS NOT NULL";

    /// <summary>
    /// A pass touches a few thousand series among millions of rows: the planner would rather hash-join whole rollup
    /// tables; index lookups per series keep a pass's cost proportional to what it redoes. Its row estimates for the
    /// window and <c>generate_series</c> steps are far too high, which made PostgreSQL JIT-compile the recompute: over
    /// a second per pass (auto_explain on the benchmark) for statements that run in a few hundred milliseconds. Memoize
    /// is off because every lookup of a pass is for a different series: its cache never hits, and each miss costs a hash
    /// probe and a copy of the rows.
    /// </summary>
    private const string PassSettings = "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL jit = off; SET LOCAL enable_memoize = off; SET LOCAL work_mem = '64MB'";

    /// <summary>
    /// One pass: how many intake batches it claimed (none when none is pending or another instance is at it), and what
    /// it did with their gauge readings. The worker lock is a session lock taken before the transaction: the pass reads
    /// one snapshot (repeatable read, so the readings it folds, their neighbours and the batches still pending are seen
    /// as of one instant), and that snapshot must be taken after the previous pass committed, which a transaction lock
    /// taken inside it would not ensure.
    /// </summary>
    public async Task<RollupPass> ProcessAsync(CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return RollupPass.None;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            if (!(bool)(await Scalar(connection, TryLock, cancellationToken))!)
            {
                return RollupPass.None;
            }

            try
            {
                return await PassAsync(connection, cancellationToken);
            }
            finally
            {
                // A broken connection has lost the lock with its session; the pass's own error is the one to report.
                if (connection.FullState == ConnectionState.Open)
                {
                    await Scalar(connection, Unlock, CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<RollupPass> PassAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        bool anyPending, recompute;
        await using (var state = new NpgsqlCommand(PendingState, connection))
        await using (var reader = await state.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (anyPending, recompute) = (reader.GetBoolean(0), reader.GetBoolean(1));
        }

        // An idle instance polls every second: without this it created and dropped the work tables each time.
        if (!anyPending)
        {
            await transaction.CommitAsync(cancellationToken);
            return RollupPass.None;
        }

        await Execute(connection, PassSettings + ";\n" + RollupMaintenance.CreateWorkTables, cancellationToken);
        long claimed, readings;
        await using (var claim = new NpgsqlCommand(Claim, connection))
        {
            claim.Parameters.AddWithValue("batches", options.Value.BatchesPerPass);
            claim.Parameters.AddWithValue("recompute", recompute);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (claimed, readings) = (reader.GetInt64(0), reader.GetInt64(2));
        }

        var folding = GaugeFolding.Outcome.None;
        if (claimed > 0)
        {
            var unclaimed = await Execute(connection, ListUnclaimed, cancellationToken);
            if (readings > 0)
            {
                await Execute(connection, "ANALYZE unfolded", cancellationToken);
                folding = await new GaugeFolding(connection).FoldAsync(cancellationToken);
            }

            await Execute(connection, "ANALYZE pending_series;\nANALYZE pending_counts;\n" + RollupMaintenance.Recompute(leaveOutUnclaimed: unclaimed > 0), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new RollupPass((int)claimed, recompute, folding.Folded, folding.Recomputed);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<int> Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Passes until nothing is pending (or another instance holds the worker lock).</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        int claimed, total = 0;
        do
        {
            claimed = (await ProcessAsync(cancellationToken)).Batches;
            total += claimed;
        }
        while (claimed == options.Value.BatchesPerPass);
        return total;
    }

    /// <summary>
    /// For each of <paramref name="ownerIds"/> with events whose rollups are not stored yet, the first day its stored days
    /// may miss them: the day of its earliest pending reading, or for a gauge the day of the series' reading before that
    /// one (whose stretch the pending reading closes, as a pass widens it). Every reading before that day is counted, so
    /// the stored days before it are exact; a series' latest reading still has its stretch open there, as for any owner
    /// (<see cref="StoredRollupReads"/>, ADR 0053).
    /// </summary>
    public async Task<Dictionary<Guid, DateTimeOffset>> PendingFromAsync(IReadOnlyCollection<Guid> ownerIds, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Postgres || ownerIds.Count == 0)
        {
            return [];
        }

        var ids = ownerIds.ToArray();
        var gauges = MetricCatalog.GaugeMetrics.ToArray();
        var pending = await db.Database
            .SqlQuery<PendingOwner>($"""
                SELECT u.owner AS "Owner", min(CASE WHEN u.metric = ANY({gauges}) THEN coalesce(
                    (SELECT date_trunc('day', max(e.occurred_at), 'UTC') FROM usage.usage_events e
                     WHERE e.owner_id = u.owner AND e.app_id = u.app AND e.metric = u.metric AND e.subject = u.subject AND e.owner_kind + 0 = u.kind
                       AND e.occurred_at < u.at),
                    date_trunc('day', u.at, 'UTC')) ELSE date_trunc('day', u.at, 'UTC') END) AS "From"
                FROM (SELECT s.kind, s.owner, s.app, s.metric, s.subject, min(s.at) AS at
                      FROM usage.pending_rollups p
                      CROSS JOIN LATERAL unnest(p.owner_kind, p.owner_id, p.app_id, p.metric, p.subject, p.from_at) AS s(kind, owner, app, metric, subject, at)
                      WHERE s.owner = ANY({ids})
                      GROUP BY 1, 2, 3, 4, 5) AS u
                GROUP BY u.owner
                """)
            .ToListAsync(cancellationToken);
        return pending.ToDictionary(p => p.Owner, p => p.From);
    }

    private sealed record PendingOwner(Guid Owner, DateTimeOffset From);
}

/// <summary>
/// What one pass did: the intake batches it claimed; whether it recomputed every gauge series from its events because a
/// batch without its readings' positions was pending (ADR 0049); else the gauge readings it folded from their neighbours
/// and the series it recomputed because a day's maximum was not known from the rows.
/// </summary>
internal sealed record RollupPass(int Batches, bool RecomputedAll, int Folded, int Recomputed)
{
    public static readonly RollupPass None = new(0, false, 0, 0);
}
