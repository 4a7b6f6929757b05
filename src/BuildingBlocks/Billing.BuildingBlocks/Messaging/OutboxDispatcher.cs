using Billing.BuildingBlocks.Modules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.BuildingBlocks.Messaging;

/// <summary>Polls every module's outbox (or wakes on <see cref="OutboxSignal"/>) and delivers what is due.</summary>
internal sealed class OutboxDispatcher(
    ModuleCatalog catalog,
    OutboxProcessor processor,
    OutboxSignal signal,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var module in catalog.Modules)
            {
                try
                {
                    while (await processor.ProcessBatchAsync(module, stoppingToken) == options.Value.BatchSize)
                    {
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A database hiccup must not kill the dispatcher; the next poll retries.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.LogError(ex, "Outbox dispatch for module {Module} failed", module.Name);
                }
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
