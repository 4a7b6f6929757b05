using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Billing.Usage.Rollups;

/// <summary>
/// PostgreSQL's stored rollups are brought up to date after the intake transaction, not inside it (ADR 0031). Intake
/// appends one <c>usage.pending_rollups</c> row per batch (the series it stored events of, each with its earliest
/// instant, as arrays) in the statement that stores the events, so the row commits with them and nothing is lost to a
/// crash. A pass claims pending rows, merges them into one set of series (each from its earliest day) and recomputes
/// those set-based (<see cref="RollupMaintenance.Recompute"/>), deleting the claimed rows in the same transaction.
/// Passes take a try-lock first: two instances recomputing one series at once would collide on its rows, so they take
/// turns, and intake never waits for a pass (it only inserts). Until its pass commits, readers compute an owner with
/// pending series from the events (<see cref="StoredRollupReads"/>).
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
            INSERT INTO usage.pending_rollups (owner_kind, owner_id, app_id, metric, subject, from_at,
                counter_kind, counter_owner, counter_app, counter_metric, counter_subject, counter_variant, counter_day, counter_total, counter_max, counter_pieces)
            SELECT series.*, counts.*
            FROM (SELECT array_agg(owner_kind), array_agg(owner_id), array_agg(app_id), array_agg(metric), array_agg(subject), array_agg(from_at)
                  FROM (SELECT owner_kind, owner_id, app_id, metric, subject, min(occurred_at) AS from_at FROM stored GROUP BY 1, 2, 3, 4, 5) AS s
                  HAVING count(*) > 0) AS series
            CROSS JOIN (
                SELECT coalesce(array_agg(owner_kind), '{}'), coalesce(array_agg(owner_id), '{}'), coalesce(array_agg(app_id), '{}'),
                       coalesce(array_agg(metric), '{}'), coalesce(array_agg(subject), '{}'), coalesce(array_agg(variant), '{}'),
                       coalesce(array_agg(day), '{}'), coalesce(array_agg(total), '{}'), coalesce(array_agg(max_value), '{}'), coalesce(array_agg(pieces), '{}')
                FROM (SELECT owner_kind, owner_id, app_id, metric, subject, variant, date_trunc('day', occurred_at, 'UTC') AS day,
                             sum(value) AS total, max(value) AS max_value, count(*) AS pieces
                      FROM stored WHERE metric NOT IN ({{RollupMaintenance.GaugeList}})
                      GROUP BY 1, 2, 3, 4, 5, 6, 7) AS c) AS counts)
        """;

    private static readonly string TryLock = $"SELECT pg_try_advisory_xact_lock({UsageLocks.LockClass}, {UsageLocks.RollupWorkerKey})";

    /// <summary>
    /// Claims the oldest pending batches: their gauge series (and every series of a batch recorded without counter sums)
    /// into <c>pending_series</c>, their counter sums, merged per series, variant and day, into <c>pending_counts</c>.
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
            WHERE c.counter_owner IS NULL OR u.metric IN ({RollupMaintenance.GaugeList})
            GROUP BY 1, 2, 3, 4, 5
            RETURNING 1
        ), counts AS (
            INSERT INTO pending_counts
            SELECT u.kind, u.owner, u.app, u.metric, u.subject, u.variant, u.day, sum(u.total), max(u.max_value), sum(u.pieces)
            FROM claimed c CROSS JOIN LATERAL unnest(c.counter_kind, c.counter_owner, c.counter_app, c.counter_metric, c.counter_subject, c.counter_variant,
                                                     c.counter_day, c.counter_total, c.counter_max, c.counter_pieces)
                AS u(kind, owner, app, metric, subject, variant, day, total, max_value, pieces)
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            RETURNING 1)
        SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM series), (SELECT count(*) FROM counts)
        """;

    /// <summary>
    /// A pass touches a few thousand series among millions of rows: the planner would rather hash-join whole rollup
    /// tables; index lookups per series keep a pass's cost proportional to what it redoes. Its row estimates for the
    /// window and <c>generate_series</c> steps are far too high, which made PostgreSQL JIT-compile the recompute: over
    /// a second per pass (auto_explain on the benchmark) for statements that run in a few hundred milliseconds. Memoize
    /// is off because every lookup of a pass is for a different series: its cache never hits, and each miss costs a hash
    /// probe and a copy of the rows.
    /// </summary>
    private static readonly string RecomputeClaimed = string.Join(";\n",
        "ANALYZE pending_series", "ANALYZE pending_counts", "SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off", "SET LOCAL jit = off", "SET LOCAL enable_memoize = off", "SET LOCAL work_mem = '64MB'",
        RollupMaintenance.Recompute);

    /// <summary>One pass; returns how many intake batches it claimed (0 when none is pending or another instance is at it).</summary>
    public async Task<int> ProcessAsync(CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var tryLock = new NpgsqlCommand(TryLock, connection))
        {
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        await using (var create = new NpgsqlCommand(RollupMaintenance.CreateWorkTables, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        long claimed;
        await using (var claim = new NpgsqlCommand(Claim, connection))
        {
            claim.Parameters.AddWithValue("batches", options.Value.BatchesPerPass);
            claimed = (long)(await claim.ExecuteScalarAsync(cancellationToken))!;
        }

        if (claimed > 0)
        {
            await using var recompute = new NpgsqlCommand(RecomputeClaimed, connection);
            await recompute.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (int)claimed;
    }

    /// <summary>Passes until nothing is pending (or another instance holds the worker lock).</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        int claimed, total = 0;
        do
        {
            claimed = await ProcessAsync(cancellationToken);
            total += claimed;
        }
        while (claimed == options.Value.BatchesPerPass);
        return total;
    }

    /// <summary>Which of <paramref name="ownerIds"/> have events whose rollups are not stored yet.</summary>
    public async Task<HashSet<Guid>> OwnersPendingAsync(IReadOnlyCollection<Guid> ownerIds, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Postgres || ownerIds.Count == 0)
        {
            return [];
        }

        var ids = ownerIds.ToArray();
        var pending = await db.Database
            .SqlQuery<Guid>($"SELECT DISTINCT u.owner AS \"Value\" FROM usage.pending_rollups p CROSS JOIN LATERAL unnest(p.owner_id) AS u(owner) WHERE u.owner = ANY({ids})")
            .ToListAsync(cancellationToken);
        return [.. pending];
    }
}
