using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Billing.BuildingBlocks.Messaging;

/// <summary>
/// Queues many integration events in a module's outbox, in the caller's transaction. On PostgreSQL they are
/// binary-COPied: a hot path that announces hundreds of events per request (usage intake) pays more for them through
/// the change tracker than for its own rows. Elsewhere each goes through <see cref="ModuleDbContext.Publish"/>.
/// </summary>
public static class OutboxBulkPublisher
{
    public static async Task PublishAllAsync(this ModuleDbContext db, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        if (db.Provider != DatabaseProvider.Postgres)
        {
            foreach (var integrationEvent in events)
            {
                db.Publish(integrationEvent);
            }

            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {db.Schema}.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var message in events.Select(OutboxMessage.For))
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(message.Id, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(message.Type, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(message.Payload, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(message.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(message.Attempts, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(message.NextAttemptAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }
}
