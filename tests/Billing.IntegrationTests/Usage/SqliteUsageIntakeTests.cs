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
}
