using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Billing.Usage.Rollups;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Billing.Usage.Intake;

/// <summary>
/// Stores the events whose ids are new and tells which those were, inside the caller's transaction, so the dedup
/// record is the event row itself (unique producer id) and commits with it. On PostgreSQL the batch travels as one
/// array per column (binary parameters) into one <c>INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING
/// RETURNING</c>: one round trip, no staging table (a session temp table is dropped by the pool's reset when the
/// connection goes back, so it was re-created, catalog rows and all, on every request); concurrent batches carrying
/// the same id wait on the unique index and the loser skips it. The same statement appends the batch's series to the
/// pending rollups (<see cref="PendingRollups"/>). On SQLite (single writer, <c>BEGIN IMMEDIATE</c>) the new ids are
/// found with one query and added, and the rollups updated at once.
/// </summary>
internal sealed class UsageEventWriter(UsageDbContext db, RollupMaintenance rollups)
{
    private static readonly string InsertNew = $"""
        WITH stored AS (
            INSERT INTO usage.usage_events (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at)
            SELECT event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at
            FROM unnest(@event_id, @owner_kind, @owner_id, @app_id, @metric, @subject, @variant, @value, @occurred_at, @recorded_at)
                AS batch (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING seq, event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at
        ), {PendingRollups.RecordStored}
        SELECT event_id FROM stored
        """;

    /// <summary>
    /// Ids must be distinct within <paramref name="events"/>; returns the events that were stored now. Their rollups
    /// are pending (PostgreSQL) or updated (SQLite) in the same transaction.
    /// </summary>
    public async Task<IReadOnlyList<UsageEvent>> StoreNewAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Usage events are stored inside the command's transaction.");
        }

        if (events.Count == 0)
        {
            return [];
        }

        // Before any position is drawn and until commit, so a pin (ADR 0038) never sees a position whose event is not
        // committed yet.
        await UsageLocks.HoldForIntakeAsync(db, cancellationToken);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var inserted = await InsertAsync(events, cancellationToken);
            return inserted.Count == events.Count ? events : events.Where(e => inserted.Contains(e.EventId)).ToList();
        }

        var added = await AddAsync(events, cancellationToken);
        await rollups.ApplyOnSqliteAsync(added, cancellationToken);
        return added;
    }

    private async Task<HashSet<string>> InsertAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(InsertNew, (NpgsqlConnection)db.Database.GetDbConnection());
        UsageEventArrays.AddTo(insert, events);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored.Add(reader.GetString(0));
        }

        return stored;
    }

    private async Task<List<UsageEvent>> AddAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        var ids = events.Select(e => e.EventId).ToList();
        var known = (await db.UsageEvents.Where(e => ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var fresh = events.Where(e => !known.Contains(e.EventId)).ToList();
        db.UsageEvents.AddRange(fresh);
        await db.SaveChangesAsync(cancellationToken);
        return fresh;
    }
}
