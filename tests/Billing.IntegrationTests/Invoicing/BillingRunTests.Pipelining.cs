using System.Net.Http.Json;
using Billing.IntegrationTests.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Runs;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>Partitions queued as planning reaches them (ADR 0056).</summary>
public sealed partial class BillingRunTests
{
    [Fact]
    public async Task A_partition_is_queued_and_rated_as_soon_as_its_owners_are_planned_and_the_run_completes_only_after_planning()
    {
        var usage = GeneratedUsage.ForOwners(10, October, seed: 21);
        var reachedNinth = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        usage.BeforeOwner = async n =>
        {
            if (n == 8)
            {
                reachedNinth.TrySetResult();
                await release.Task;
            }
        };
        var jobs = new RecordingJobClient();
        await using var host = Host(usage, partitionSize: 4, jobs);
        await SeedRatesAsync(host);
        var runId = await StartAsync(host);

        var planning = Task.Run(() => WithJobs(host, async (j, _) => { await j.PlanAsync(runId, CancellationToken.None); return 0; }));
        await reachedNinth.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Eight owners planned, the ninth not handed out yet: the two full partitions are queued, and their workers rate them now.
        Assert.Equal([0, 1], QueuedPartitions(jobs, runId));
        foreach (var partition in QueuedPartitions(jobs, runId))
        {
            await WithJobs(host, async (j, _) => { await j.RatePartitionAsync(runId, partition, CancellationToken.None); return 0; });
        }

        Assert.Equal(8, (await InvoicesAsync()).Count);
        var during = await ProgressAsync(runId);
        Assert.Equal(("planning", 8, 8, 0), (during.Status, during.Total, during.Done, during.Pending));

        release.SetResult();
        await planning.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([0, 1, 2], QueuedPartitions(jobs, runId));
        Assert.Equal("rating", (await ProgressAsync(runId)).Status);
        await WithJobs(host, async (j, _) => { await j.RatePartitionAsync(runId, 2, CancellationToken.None); return 0; });

        var after = await ProgressAsync(runId);
        Assert.Equal(("completed", 3, 10, 10), (after.Status, after.Partitions, after.Total, after.Done));
        Assert.Equal(Enumerable.Range(1, 10), (await InvoicesAsync()).Select(i => i.Number));
    }

    [Fact]
    public async Task Planning_that_fails_midway_keeps_its_queued_partitions_and_its_retry_queues_them_again_with_the_rest()
    {
        var usage = GeneratedUsage.ForOwners(10, October, seed: 23);
        var failures = 1;
        usage.BeforeOwner = n => n == 9 && failures-- > 0 ? throw new TimeoutException("usage read timed out") : Task.CompletedTask;
        var jobs = new RecordingJobClient();
        await using var host = Host(usage, partitionSize: 4, jobs);
        await SeedRatesAsync(host);
        var runId = await StartAsync(host);

        await Assert.ThrowsAsync<TimeoutException>(() => WithJobs(host, async (j, _) => { await j.PlanAsync(runId, CancellationToken.None); return 0; }));
        Assert.Equal([0, 1], QueuedPartitions(jobs, runId));
        var failed = await ProgressAsync(runId);
        Assert.Equal(("planning", 8), (failed.Status, failed.Total));

        // Hangfire's retry: the committed partitions are queued again (the crash may have come before they were), then the rest.
        await WithJobs(host, async (j, _) => { await j.PlanAsync(runId, CancellationToken.None); return 0; });
        Assert.Equal([0, 1, 0, 1, 2], QueuedPartitions(jobs, runId));
        for (var partition = 0; partition < 3; partition++)
        {
            var p = partition;
            await WithJobs(host, async (j, _) => { await j.RatePartitionAsync(runId, p, CancellationToken.None); return 0; });
        }

        var items = await WithJobs(host, async (_, db) => await db.BillingRunItems.AsNoTracking().Where(i => i.RunId == runId).ToListAsync());
        Assert.Equal(10, items.Select(i => i.Owner).Distinct().Count());
        Assert.Equal([4, 4, 2], items.GroupBy(i => i.Partition).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(("completed", 10), ((await ProgressAsync(runId)).Status, (await InvoicesAsync()).Count));
    }

    private static List<int> QueuedPartitions(RecordingJobClient jobs, Guid runId) =>
        [.. jobs.Created
            .Where(j => j.Method.Name == nameof(BillingRunJobs.RatePartitionAsync) && (Guid)j.Args[0] == runId)
            .Select(j => (int)j.Args[1])];

    private async Task<BillingRunProgress> ProgressAsync(Guid runId) =>
        (await Client(BillingApiFactory.AdminToken).GetFromJsonAsync<BillingRunProgress>($"/admin/invoicing/runs/{runId}", Json))!;
}
