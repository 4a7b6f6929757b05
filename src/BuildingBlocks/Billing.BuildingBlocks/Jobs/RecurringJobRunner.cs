using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Jobs;

/// <summary>
/// What Hangfire stores for a recurring job: the job's id only, never its state. The job is
/// resolved afresh in a scope each time, so it reads current configuration and data.
/// </summary>
public sealed class RecurringJobRunner(IServiceScopeFactory scopes)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var job = scope.ServiceProvider.GetServices<IRecurringJob>().SingleOrDefault(j => j.Id == jobId)
            ?? throw new InvalidOperationException($"No recurring job is registered with id '{jobId}'.");
        await job.ExecuteAsync(cancellationToken);
    }
}
