using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Billing.Usage.Intake;

/// <summary>
/// Queues what a batch announces in the module's outbox, in the batch's transaction. A batch spread over many owners
/// announces hundreds of events; on PostgreSQL they are binary-COPied like the usage rows (through the change tracker
/// they cost more than storing the usage itself). The dispatcher finds them on its next poll.
/// </summary>
internal sealed class IntakeOutbox(UsageDbContext db)
{
    private const string Copy = "COPY usage.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at) FROM STDIN (FORMAT BINARY)";

    public async Task PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
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
        await using var writer = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
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
