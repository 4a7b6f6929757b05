using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.BuildingBlocks.Jobs;

/// <summary>Registers (or removes, when disabled) every recurring job at start-up, by its constant id, in UTC.</summary>
internal sealed class RecurringJobScheduler(
    IServiceScopeFactory scopes,
    IRecurringJobManager manager,
    IOptions<JobsOptions> options,
    ILogger<RecurringJobScheduler> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        foreach (var job in scope.ServiceProvider.GetServices<IRecurringJob>())
        {
            options.Value.Recurring.TryGetValue(job.Id, out var settings);
            if (settings is { Enabled: false })
            {
                manager.RemoveIfExists(job.Id);
                logger.LogInformation("Recurring job {JobId} is disabled by configuration", job.Id);
                continue;
            }

            var cron = settings?.Cron ?? job.DefaultCron;
            var id = job.Id;
            manager.AddOrUpdate<RecurringJobRunner>(id, r => r.RunAsync(id, CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            logger.LogInformation("Recurring job {JobId} scheduled at {Cron} UTC", id, cron);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
