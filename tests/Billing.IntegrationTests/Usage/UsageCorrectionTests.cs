using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Contracts;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>Usage arriving for an invoiced period is stored and published once as a correction; the invoice is not touched.</summary>
public sealed class UsageCorrectionTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private const string Corrections = "usage.outbox_messages";
    private const string IsCorrection = "type = 'usage.usage_correction_recorded.v1'";
    private static readonly Guid App = Guid.NewGuid();
    private readonly Guid _team = Guid.NewGuid();
    private readonly BillingPeriod _lastMonth = BillingPeriod.MonthOf(BillingPeriod.MonthOf(DateTimeOffset.UtcNow).Start.AddDays(-1));

    [Fact]
    public async Task A_late_event_after_the_invoice_produces_one_correction_and_its_replay_none()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var inLastMonth = _lastMonth.End.AddDays(-2);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("before-invoice", inLastMonth, App, _team, 1))).StatusCode);
        var finalized = Finalized(DateTimeOffset.UtcNow);
        Assert.Equal(1, await Factory.DeliverToUsageAsync(finalized));
        Assert.Equal(0, await Factory.DeliverToUsageAsync(finalized));

        var late = await producer.PostEventsAsync(Formation("late", inLastMonth.AddHours(1), App, _team, 3), Formation("current", DateTimeOffset.UtcNow.AddMinutes(-1), App, _team, 2));
        var replay = await producer.PostEventsAsync(Formation("late", inLastMonth.AddHours(1), App, _team, 3));

        Assert.Equal("""[{"id":"late","status":"accepted"},{"id":"current","status":"accepted"}]""", await late.Content.ReadAsStringAsync());
        Assert.Equal("""[{"id":"late","status":"duplicate"}]""", await replay.Content.ReadAsStringAsync());
        Assert.Equal(1, await Fixture.CountAsync(Corrections, IsCorrection));
        Assert.Equal(1, await Fixture.CountAsync(Corrections, $"{IsCorrection} AND payload LIKE '%\"usageEventId\":\"late\"%' AND payload LIKE '%{_lastMonth.Start:yyyy-MM-dd}%'"));
        Assert.Equal(3, await Fixture.CountAsync("usage.usage_events"));
    }

    [Fact]
    public async Task Events_stored_after_finalization_but_before_usage_heard_of_it_are_corrected_when_it_does()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var finalizedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("in-flight", _lastMonth.End.AddDays(-1), App, _team, 1))).StatusCode);
        Assert.Equal(0, await Fixture.CountAsync(Corrections, IsCorrection));

        Assert.Equal(1, await Factory.DeliverToUsageAsync(Finalized(finalizedAt)));

        Assert.Equal(1, await Fixture.CountAsync(Corrections, $"{IsCorrection} AND payload LIKE '%\"usageEventId\":\"in-flight\"%'"));
    }

    private InvoiceFinalized Finalized(DateTimeOffset at) =>
        new(Guid.NewGuid(), at, Guid.NewGuid(), 1001, BillableOwner.Team(_team), _lastMonth.Start, _lastMonth.End, 2500);
}
