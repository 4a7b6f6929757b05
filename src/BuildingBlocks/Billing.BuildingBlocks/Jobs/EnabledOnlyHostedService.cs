using Microsoft.Extensions.Hosting;

namespace Billing.BuildingBlocks.Jobs;

/// <summary>Runs the wrapped hosted service only when configuration enabled it (null = this instance does not process jobs).</summary>
internal sealed class EnabledOnlyHostedService(IHostedService? inner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => inner?.StartAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => inner?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
