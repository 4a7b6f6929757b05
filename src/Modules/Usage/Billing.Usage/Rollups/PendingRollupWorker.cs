using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.Usage.Rollups;

/// <summary>Drains the pending rollups every poll interval (ADR 0031); on SQLite there are none.</summary>
internal sealed class PendingRollupWorker(IServiceScopeFactory scopes, IOptions<UsageRollupOptions> options, ILogger<PendingRollupWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval);
        try
        {
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<PendingRollups>().DrainAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A database hiccup must not stop the worker: the rows stay pending and the next pass retries.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.LogError(ex, "Recomputing pending usage rollups failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
