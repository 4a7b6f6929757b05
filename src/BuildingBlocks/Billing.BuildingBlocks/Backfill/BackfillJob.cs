using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Backfill;

/// <summary>
/// What Hangfire stores for a backfill: its name only. All progress lives in the checkpoint, so a retried
/// or re-enqueued job resumes where the last committed page left off.
/// </summary>
public sealed class BackfillJob(IServiceScopeFactory scopes)
{
    // One lock per backfill name: two runs of the same backfill never interleave, different ones may.
    [DisableConcurrentExecution("backfill:{0}", 600)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(string backfillName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var backfill = scope.ServiceProvider.GetServices<IBackfill>().SingleOrDefault(b => b.Name == backfillName)
            ?? throw new InvalidOperationException($"No backfill is registered with name '{backfillName}'.");
        await backfill.RunAsync(scope.ServiceProvider, cancellationToken);
    }
}
