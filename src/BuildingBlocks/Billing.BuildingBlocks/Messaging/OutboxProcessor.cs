using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.BuildingBlocks.Messaging;

/// <summary>
/// Delivers one batch of due messages from one module's outbox. On PostgreSQL the batch is claimed
/// with <c>FOR UPDATE SKIP LOCKED</c>, so several host instances share the work without delivering
/// a message twice at the same time; the row lock is held until the batch's outcome is committed.
/// </summary>
public sealed class OutboxProcessor(
    IServiceScopeFactory scopes,
    IntegrationEventDeliverer deliverer,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<OutboxProcessor> logger)
{
    public async Task<int> ProcessBatchAsync(ModuleDescriptor module, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(module);
        await using var scope = scopes.CreateAsyncScope();
        var context = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(module.DbContextType);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        var batch = await ClaimDueAsync(context, time.GetUtcNow(), options.Value.BatchSize, cancellationToken);
        foreach (var message in batch)
        {
            try
            {
                await deliverer.DeliverAsync(message, cancellationToken);
                message.MarkProcessed(time.GetUtcNow());
            }
#pragma warning disable CA1031 // Any consumer failure is recorded on the message and retried; it must not stop the batch.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                message.RecordFailure(ex.ToString(), time.GetUtcNow(), options.Value.Retry);
                logger.LogWarning(ex, "Delivery of {EventType} {EventId} from {Module} failed (attempt {Attempt}){Parked}",
                    message.Type, message.Id, module.Name, message.Attempts, message.ParkedAt is null ? string.Empty : "; parked");
            }
        }

        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private static Task<List<OutboxMessage>> ClaimDueAsync(ModuleDbContext context, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        if (context.Provider == DatabaseProvider.Postgres)
        {
            // The schema is the module's own constant name, never user input.
#pragma warning disable EF1002
            return context.OutboxMessages.FromSqlRaw(
                $$"""
                SELECT * FROM "{{context.Schema}}".outbox_messages
                WHERE processed_at IS NULL AND parked_at IS NULL AND next_attempt_at <= {0}
                ORDER BY occurred_at, id
                LIMIT {1}
                FOR UPDATE SKIP LOCKED
                """, now, batchSize).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        }

        // The embedded SQLite default is a single process; its write transaction already serialises.
        return context.OutboxMessages
            .Where(m => m.ProcessedAt == null && m.ParkedAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
    }
}
