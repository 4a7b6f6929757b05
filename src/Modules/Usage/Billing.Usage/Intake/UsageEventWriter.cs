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
/// the same id wait on the unique index and the loser skips it. On SQLite (single writer, <c>BEGIN IMMEDIATE</c>) the
/// new ids are found with one query and added.
/// </summary>
internal sealed class UsageEventWriter(UsageDbContext db, RollupMaintenance rollups)
{
    private const string InsertNew = """
        INSERT INTO usage.usage_events (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at)
        SELECT event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at
        FROM unnest(@event_id, @owner_kind, @owner_id, @app_id, @metric, @subject, @variant, @value, @occurred_at, @recorded_at)
            AS batch (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id
        """;

    /// <summary>
    /// Ids must be distinct within <paramref name="events"/>; returns the events that were stored now, with their
    /// rollups updated in the same transaction; their owners stay locked until it commits (<see cref="OwnerLocks"/>).
    /// </summary>
    public async Task<IReadOnlyList<UsageEvent>> InsertNewAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        var stored = await StoreNewAsync(events, cancellationToken);
        await rollups.ApplyAsync(stored, cancellationToken);
        return stored;
    }

    /// <summary>
    /// Only stores: the caller applies <see cref="RollupMaintenance"/> before committing. Intake does so as late as it
    /// can, because from then on the owners stay locked.
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

        var stored = db.Provider == DatabaseProvider.Postgres ? await InsertAsync(events, cancellationToken) : await AddAsync(events, cancellationToken);
        return stored.Count == events.Count ? events : events.Where(e => stored.Contains(e.EventId)).ToList();
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

    private async Task<HashSet<string>> AddAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        var ids = events.Select(e => e.EventId).ToList();
        var known = await db.UsageEvents.Where(e => ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(cancellationToken);
        var fresh = events.Where(e => !known.Contains(e.EventId)).ToList();
        db.UsageEvents.AddRange(fresh);
        await db.SaveChangesAsync(cancellationToken);
        return fresh.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
    }
}
