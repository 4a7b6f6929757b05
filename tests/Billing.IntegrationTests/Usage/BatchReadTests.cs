using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Usage.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>
/// A billing run's batch read (raw Npgsql, text columns as bytes kept once per batch, ADR 0041) answers for each owner
/// exactly what the per-owner reads (EF) answer.
/// </summary>
public sealed class BatchReadTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task The_batch_read_gives_each_owner_what_its_own_reads_give_long_and_non_ascii_names_included()
    {
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(-20).UtcDateTime.Date, TimeSpan.Zero);
        var period = new BillingPeriod(start, start.AddDays(10));
        // 192 bytes of UTF-8 (more than the batch read's first buffer), 128 (exactly that buffer), 4-byte characters, plain.
        string[] processTypes = [new string('€', 64), new string('ö', 64), new string('ß', 50) + "\U0001D11E\U0001D11E", "web", "worker"];
        var teams = Enumerable.Range(0, 3).Select(_ => (Team: Guid.NewGuid(), App: Guid.NewGuid())).ToList();
        var account = (Id: Guid.NewGuid(), App: Guid.NewGuid(), Addon: Guid.NewGuid());
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var random = new Random(20261205);
        var events = new List<object>();
        foreach (var (team, app) in teams)
        {
            for (var i = 0; i < 40; i++)
            {
                events.Add(Formation($"batch-{team}-{i}", start.AddSeconds(random.Next(0, 9 * 86_400)), app, team, random.Next(0, 4),
                    processTypes[i % processTypes.Length], i % 3 == 0 ? "performance-l" : "standard-1x"));
            }
        }

        events.AddRange(Enumerable.Range(0, 5).Select(i => Meter($"batch-meter-{account.Id}-{i}", start.AddHours(i + 1), account.App, account.Id, account.Addon, i + 0.5m)));
        // History before the period: a series held into it with no event inside, one scaled to zero before it, one whose
        // last reading before it is followed by events inside, older readings behind a later one, a counter.
        events.AddRange(
        [
            Formation("before-held", start.AddDays(-5), teams[0].App, teams[0].Team, 1, "scheduler"),
            Formation("before-followed", start.AddDays(-3), teams[0].App, teams[0].Team, 2, "web"),
            Formation("before-up", start.AddDays(-4), teams[1].App, teams[1].Team, 3, "clock"),
            Formation("before-down", start.AddDays(-2), teams[1].App, teams[1].Team, 0, "clock"),
            Formation("before-old", start.AddDays(-10), teams[2].App, teams[2].Team, 1, "web"),
            Formation("before-newer", start.AddDays(-8), teams[2].App, teams[2].Team, 2, "web", "performance-l"),
            Meter("before-meter", start.AddDays(-1), account.App, account.Id, account.Addon, 7m),
        ]);
        foreach (var batch in events.OrderBy(_ => random.Next()).Chunk(50))
        {
            Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(batch)).StatusCode);
        }

        // Two readings at the same instant before the period: the later arrival is the one held.
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync([Formation("tie-first", start.AddDays(-1), teams[1].App, teams[1].Team, 1, "tie")])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync([Formation("tie-second", start.AddDays(-1), teams[1].App, teams[1].Team, 4, "tie")])).StatusCode);

        await using var scope = Factory.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<IUsageReader>();
        List<BillableOwner> owners = [.. teams.Select(t => BillableOwner.Team(t.Team)), BillableOwner.Account(account.Id), BillableOwner.Account(Guid.NewGuid())];
        var batched = new Dictionary<BillableOwner, OwnerUsage>();
        await foreach (var usage in reader.UsageOfOwners(owners, period, CancellationToken.None))
        {
            batched.Add(usage.Owner, usage);
        }

        Assert.Equal(owners.ToHashSet(), batched.Keys.ToHashSet());
        foreach (var owner in owners)
        {
            Assert.Equal(await reader.Segments(owner, period, CancellationToken.None), batched[owner].Segments);
            Assert.Equal(await reader.Counters(owner, period, CancellationToken.None), batched[owner].Counters);
        }

        Assert.Contains(batched[owners[0]].Segments, s => s.Subject == processTypes[0]);
        Assert.Contains(batched[owners[0]].Segments, s => s.Subject == processTypes[1]);
        Assert.Contains(batched[owners[1]].Segments, s => s.Subject == processTypes[2]);
        Assert.Equal(5, Assert.Single(batched[owners[3]].Counters).EventCount);
        var held = Assert.Single(batched[owners[0]].Segments, s => s.Subject == "scheduler");
        Assert.Equal(("before-held", start, 1m), (held.SourceEventId, held.From, held.Value));
        Assert.DoesNotContain(batched[owners[1]].Segments, s => s.Subject == "clock");
        Assert.Equal("tie-second", Assert.Single(batched[owners[1]].Segments, s => s.Subject == "tie").SourceEventId);
        Assert.Contains(batched[owners[2]].Segments, s => s.SourceEventId == "before-newer" && s.From == start);
        Assert.DoesNotContain(batched[owners[2]].Segments, s => s.SourceEventId == "before-old");
    }
}
