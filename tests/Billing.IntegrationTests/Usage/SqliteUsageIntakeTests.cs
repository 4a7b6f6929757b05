using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Infrastructure;
using Billing.Usage.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>The embedded default stores events with the same dedup and serves the same reads as PostgreSQL.</summary>
public sealed class SqliteUsageIntakeTests : SqliteHost
{
    [Fact]
    public async Task Concurrent_replays_store_once_and_segments_are_read_back()
    {
        var producer = ApiClients.Create(Factory, BillingApiFactory.AdminToken);
        var team = Guid.NewGuid();
        var app = Guid.NewGuid();
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(-3).UtcDateTime.Date, TimeSpan.Zero);
        object[] events = [Formation("s-2", start.AddHours(2), app, team, 0), Formation("s-1", start, app, team, 2), Formation("s-3", start.AddHours(1), app, team, 1, size: "Standard-2X")];

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => producer.PostEventsAsync(events)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var accepted = 0;
        foreach (var response in responses)
        {
            accepted += (await response.JsonAsync()).EnumerateArray().Count(r => r.GetProperty("status").GetString() == "accepted");
        }

        Assert.Equal(3, accepted);
        await using var scope = Factory.Services.CreateAsyncScope();
        var segments = await scope.ServiceProvider.GetRequiredService<IUsageReader>().Segments(BillableOwner.Team(team), new BillingPeriod(start, start.AddDays(1)), CancellationToken.None);
        Assert.Equal(
            [("standard-1x", 2m, start, start.AddHours(1), "s-1"), ("standard-2x", 1m, start.AddHours(1), start.AddHours(2), "s-3")],
            segments.Select(s => (s.Variant, s.Value, s.From, s.To, s.SourceEventId)));
    }

    [Fact]
    public async Task Stored_rollups_after_random_order_ingestion_equal_the_ones_computed_from_the_events()
    {
        var producer = ApiClients.Create(Factory, BillingApiFactory.AdminToken);
        var random = new Random(1128);
        var team = Guid.NewGuid();
        var app = Guid.NewGuid();
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var events = Enumerable.Range(0, 120)
            .Select(i => Formation($"r-{i}", today.AddDays(-30).AddSeconds(random.Next(29 * 86_400)), app, team, random.Next(0, 4), i % 2 == 0 ? "web" : "worker", random.Next(2) == 0 ? "standard-1x" : "standard-2x"))
            .Concat(Enumerable.Range(0, 40).Select(i => Meter($"m-{i}", today.AddDays(-30).AddSeconds(random.Next(29 * 86_400)), app, team, Guid.NewGuid(), random.Next(1, 50))))
            .OrderBy(_ => random.Next())
            .ToList();
        foreach (var batch in events.Chunk(17))
        {
            Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(batch)).StatusCode);
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<Billing.Usage.Reading.UsageReader>();
        BillableOwner[] owners = [BillableOwner.Team(team), BillableOwner.Account(team)];
        // Whole past days: an open stretch up to the clock would grow between the two reads.
        foreach (var period in new[] { new BillingPeriod(today.AddDays(-28), today.AddDays(-1)), new BillingPeriod(today.AddDays(-20), today) })
        {
            var expected = new List<UsageRollup>();
            foreach (var owner in owners)
            {
                expected.AddRange(await reader.ComputedRollupsAsync(owner, period, CancellationToken.None));
            }

            Assert.NotEmpty(expected);
            Assert.Equal(expected, await reader.MonthlyRollups(owners, period, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_reading_on_a_later_day_stores_the_days_of_the_stretch_it_closes()
    {
        var producer = ApiClients.Create(Factory, BillingApiFactory.AdminToken);
        var team = Guid.NewGuid();
        var app = Guid.NewGuid();
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("open", today.AddDays(-5).AddHours(6), app, team, 2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("close", today.AddDays(-2).AddHours(6), app, team, 0))).StatusCode);

        await using var scope = Factory.Services.CreateAsyncScope();
        var rollups = await scope.ServiceProvider.GetRequiredService<IUsageReader>().MonthlyRollups([BillableOwner.Team(team)], new BillingPeriod(today.AddDays(-7), today), CancellationToken.None);
        Assert.Equal(2m * 3 * 86_400, rollups.Sum(r => r.ValueSeconds));
    }
}
