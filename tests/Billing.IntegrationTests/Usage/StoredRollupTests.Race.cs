using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Usage.Domain;
using Billing.Usage.Intake;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>
/// A batch carrying an id that another batch holds uncommitted waits for it on the unique index; once that one commits
/// the id is a duplicate, the batch's other events are stored, and every rollup counts each reading once.
/// </summary>
public sealed partial class StoredRollupTests
{
    [Fact]
    public async Task A_batch_racing_an_uncommitted_batch_with_one_of_its_ids_stores_only_the_others()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var at = Today.AddDays(-1).AddHours(3);
        var addon = Guid.NewGuid();
        await using var holder = Factory.Services.CreateAsyncScope();
        var db = holder.ServiceProvider.GetRequiredService<UsageDbContext>();
        await using var held = await db.Database.BeginTransactionAsync();
        var stored = await holder.ServiceProvider.GetRequiredService<UsageEventWriter>().StoreNewAsync(
            [new UsageEvent("race-shared", BillableOwner.Account(_account), _app, "requests", addon.ToString(), string.Empty, 5m, at, DateTimeOffset.UtcNow)],
            CancellationToken.None);
        Assert.Single(stored);

        var racing = producer.PostEventsAsync(
            Meter("race-shared", at, _app, _account, addon, 5m), Meter("race-own", at.AddMinutes(1), _app, _account, addon, 7m),
            Formation("race-gauge", at, _app, _team, 3));
        await WaitUntilIntakeWaitsOnALockAsync();
        await held.CommitAsync();

        var response = await racing;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statuses = (await response.JsonAsync()).EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["race-shared"] = "duplicate", ["race-own"] = "accepted", ["race-gauge"] = "accepted" }, statuses);
        Assert.Equal(1, await Fixture.CountAsync("usage.usage_events", "event_id = 'race-shared'"));
        Assert.Equal(3, await Fixture.CountAsync("usage.usage_events"));
        Assert.Equal(2, await Fixture.CountAsync("usage.pending_rollups"));
        await AssertStoredEqualRecomputedAsync();
    }

    private async Task WaitUntilIntakeWaitsOnALockAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (await Fixture.CountAsync("pg_stat_activity", "wait_event_type = 'Lock' AND query LIKE '%INSERT INTO usage.usage_events%'") == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the racing batch never waited on the held one");
            await Task.Delay(20);
        }
    }
}
