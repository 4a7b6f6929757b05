using Billing.BuildingBlocks.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.Usage.Rollups;

/// <summary>Drains the pending rollups every poll interval (ADR 0031); on SQLite there are none.</summary>
internal sealed class PendingRollupWorker(IServiceScopeFactory scopes, IOptions<UsageRollupOptions> options, ILogger<PendingRollupWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.WorkerEnabled
            ? PeriodicWork.RunAsync(options.Value.PollInterval, DrainAsync, ex => logger.LogError(ex, "Recomputing pending usage rollups failed"), stoppingToken)
            : Task.CompletedTask;

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PendingRollups>().DrainAsync(cancellationToken);
    }
}
