using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Billing.Usage.Intake;

/// <summary>
/// Stores the events whose ids are new and tells which those were, inside the caller's transaction, so the dedup
/// record is the event row itself (unique producer id) and commits with it. On PostgreSQL the batch is
/// binary-COPied into a session-local staging table and moved with one <c>INSERT ... ON CONFLICT DO NOTHING</c>;
/// concurrent batches carrying the same id wait on the unique index and the loser skips it. On SQLite (single
/// writer, <c>BEGIN IMMEDIATE</c>) the new ids are found with one query and added.
/// </summary>
internal sealed class UsageEventWriter(UsageDbContext db)
{
    private const string CreateStaging = """
        CREATE TEMP TABLE IF NOT EXISTS usage_event_staging (
            event_id text NOT NULL, owner_kind integer NOT NULL, owner_id uuid NOT NULL, app_id uuid NOT NULL,
            metric text NOT NULL, subject text NOT NULL, variant text NOT NULL, value numeric NOT NULL,
            occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL
        ) ON COMMIT DELETE ROWS
        """;

    private const string Copy = "COPY usage_event_staging (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at) FROM STDIN (FORMAT BINARY)";

    private const string MoveNew = """
        INSERT INTO usage.usage_events (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at)
        SELECT event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at FROM usage_event_staging
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id
        """;

    /// <summary>Ids must be distinct within <paramref name="events"/>; returns the ids that were stored now.</summary>
    public Task<HashSet<string>> InsertNewAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Usage events are stored inside the command's transaction.");
        }

        return events.Count == 0 ? Task.FromResult(new HashSet<string>(StringComparer.Ordinal))
            : db.Provider == DatabaseProvider.Postgres ? CopyAsync(events, cancellationToken)
            : AddAsync(events, cancellationToken);
    }

    private async Task<HashSet<string>> CopyAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var create = new NpgsqlCommand(CreateStaging, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(Copy, cancellationToken))
        {
            foreach (var e in events)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(e.EventId, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync((int)e.OwnerKind, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(e.OwnerId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(e.AppId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(e.Metric, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.Subject, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.Variant, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.Value, NpgsqlDbType.Numeric, cancellationToken);
                await writer.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(e.RecordedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using var move = new NpgsqlCommand(MoveNew, connection);
        await using var reader = await move.ExecuteReaderAsync(cancellationToken);
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
