using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Usage.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>
/// Who a billing run plans for a period: owners with an event in it, and owners holding a gauge set before it — and no
/// one else, however much history lies before the period.
/// </summary>
public sealed class OwnersWithUsageTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task A_period_lists_owners_with_events_in_it_and_owners_still_holding_a_gauge_set_before_it()
    {
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(-20).UtcDateTime.Date, TimeSpan.Zero);
        var period = new BillingPeriod(start, start.AddDays(10));
        var (inPeriod, held, scaledToZero, counterBefore, counterIn, oneSeriesHeld, afterOnly) =
            (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (app, other, addon) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        object[] events =
        [
            Formation("in-period", start.AddDays(2), app, inPeriod, 1),
            Formation("held", start.AddDays(-3), app, held, 2),
            Formation("scaled-up", start.AddDays(-5), app, scaledToZero, 2),
            Formation("scaled-to-zero", start.AddDays(-2), app, scaledToZero, 0),
            Meter("counter-before", start.AddDays(-1), app, counterBefore, addon, 4m),
            Meter("counter-in", start.AddDays(1), app, counterIn, addon, 4m),
            Formation("one-series-up", start.AddDays(-4), app, oneSeriesHeld, 1),
            Formation("one-series-down", start.AddDays(-1), app, oneSeriesHeld, 0),
            Formation("other-series-up", start.AddDays(-6), other, oneSeriesHeld, 3, "worker"),
            Formation("after-only", start.AddDays(12), app, afterOnly, 1),
        ];
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(events)).StatusCode);

        await using var scope = Factory.Services.CreateAsyncScope();
        var listed = new List<BillableOwner>();
        await foreach (var owner in scope.ServiceProvider.GetRequiredService<IUsageReader>().OwnersWithUsage(period, CancellationToken.None))
        {
            listed.Add(owner);
        }

        Assert.Equal(
            new[] { BillableOwner.Team(inPeriod), BillableOwner.Team(held), BillableOwner.Account(counterIn), BillableOwner.Team(oneSeriesHeld) }
                .Select(o => o.ToString()).Order(),
            listed.Select(o => o.ToString()).Order());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }
}
