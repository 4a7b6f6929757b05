using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>A real (not dry) billing run of a period small enough for one partition, its jobs run in-process as Hangfire would.</summary>
internal static class SmallRun
{
    public static async Task IssueAsync(IServiceProvider services, BillingPeriod period)
    {
        await using var scope = services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<BillingRunStarter>().StartAsync(period, false, "test", CancellationToken.None);
        var jobs = scope.ServiceProvider.GetRequiredService<BillingRunJobs>();
        await jobs.PlanAsync(run.Id, CancellationToken.None);
        await jobs.RatePartitionAsync(run.Id, 0, CancellationToken.None);
    }
}
