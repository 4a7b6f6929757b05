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
    /// <summary>Appended to intake's insert: <c>stored</c> is the CTE of the rows it stored (RETURNING).</summary>
    public const string RecordStored = """
        pending AS (
            INSERT INTO usage.pending_rollups (owner_kind, owner_id, app_id, metric, subject, from_at)
            SELECT array_agg(owner_kind), array_agg(owner_id), array_agg(app_id), array_agg(metric), array_agg(subject), array_agg(from_at)
            FROM (SELECT owner_kind, owner_id, app_id, metric, subject, min(occurred_at) AS from_at FROM stored GROUP BY 1, 2, 3, 4, 5) AS series
            HAVING count(*) > 0)
        """;

    private static readonly string TryLock = $"SELECT pg_try_advisory_xact_lock({UsageLocks.LockClass}, {UsageLocks.RollupWorkerKey})";

    private const string Claim = """
        WITH claimed AS (
            DELETE FROM usage.pending_rollups
            WHERE id IN (SELECT id FROM usage.pending_rollups ORDER BY id LIMIT @batches FOR UPDATE SKIP LOCKED)
            RETURNING owner_kind, owner_id, app_id, metric, subject, from_at
        ), series AS (
            INSERT INTO pending_series
            SELECT u.kind, u.owner, u.app, u.metric, u.subject, date_trunc('day', min(u.at), 'UTC')
            FROM claimed c CROSS JOIN LATERAL unnest(c.owner_kind, c.owner_id, c.app_id, c.metric, c.subject, c.from_at) AS u(kind, owner, app, metric, subject, at)
            GROUP BY 1, 2, 3, 4, 5
            RETURNING 1)
        SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM series)
        """;

    /// <summary>
    /// A pass touches a few thousand series among millions of rows: the planner would rather hash-join whole rollup
    /// tables; index lookups per series keep a pass's cost proportional to what it redoes. Its row estimates for the
    /// window and <c>generate_series</c> steps are far too high, which made PostgreSQL JIT-compile the recompute: over
    /// a second per pass (auto_explain on the benchmark) for statements that run in a few hundred milliseconds.
    /// </summary>
    private static readonly string RecomputeClaimed = string.Join(";\n",
        "ANALYZE pending_series", "SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off", "SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'",
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

        await using (var create = new NpgsqlCommand(RollupMaintenance.CreateSeriesTable, connection))
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
