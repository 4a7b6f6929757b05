using Billing.BuildingBlocks.Jobs;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.BuildingBlocks.Messaging;

/// <summary>
/// Purges delivered outbox rows and old inbox rows. Inbox rows are kept for the same retention as
/// outbox rows: once the outbox row is gone the event can no longer be redelivered.
/// </summary>
internal sealed class OutboxRetentionJob(
    IServiceScopeFactory scopes,
    ModuleCatalog catalog,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRetentionJob> logger) : IRecurringJob
{
    public const string JobId = "messaging.outbox-retention";

    public string Id => JobId;

    public string DefaultCron => "17 3 * * *";

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        foreach (var module in catalog.Modules)
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(module.DbContextType);
            var outbox = await context.OutboxMessages.Where(m => m.ProcessedAt != null && m.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            var inbox = await context.InboxMessages.Where(m => m.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            logger.LogInformation("Retention for {Module}: {Outbox} outbox and {Inbox} inbox rows older than {Cutoff} purged",
                module.Name, outbox, inbox, cutoff);
        }
    }
}
