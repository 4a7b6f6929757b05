using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Contracts;
using Npgsql;
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

    /// <summary>
    /// The interleaving that used to lose the correction: the InvoiceFinalized handling has looked for late arrivals
    /// (none yet) but not committed the closed period when an intake of the same owner reads the closed periods (none
    /// yet) and commits. The test holds the notice just before its commit (a lock on the inbox table it writes its
    /// "handled" mark to), runs the intake, then lets go.
    /// </summary>
    [Fact]
    public async Task A_late_event_committing_while_the_invoice_notice_is_handled_is_still_corrected_once()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        await using var blocker = new NpgsqlConnection(Fixture.ConnectionString);
        await blocker.OpenAsync();
        var hold = await blocker.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE usage.inbox_messages IN EXCLUSIVE MODE", blocker, hold).ExecuteNonQueryAsync();

        var notice = Factory.DeliverToUsageAsync(Finalized(DateTimeOffset.UtcNow.AddMinutes(-1)));
        await WaitUntilAsync(() => WaitingAsync("Lock", "relation"), "the notice to wait on the inbox");
        var ingest = producer.PostEventsAsync(Formation("racing", _lastMonth.End.AddDays(-1), App, _team, 2));
        await WaitUntilAsync(async () => ingest.IsCompleted || await WaitingAsync("Lock", "advisory"), "the intake to finish or wait for the owner");
        await hold.RollbackAsync();

        Assert.Equal(HttpStatusCode.OK, (await ingest).StatusCode);
        Assert.Equal(1, await notice);
        Assert.Equal(1, await Fixture.CountAsync(Corrections, $"{IsCorrection} AND payload LIKE '%\"usageEventId\":\"racing\"%'"));
    }

    private async Task<bool> WaitingAsync(string type, string waitEvent) =>
        await Fixture.CountAsync("pg_stat_activity", $"wait_event_type = '{type}' AND wait_event = '{waitEvent}' AND datname = current_database()") > 0;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private InvoiceFinalized Finalized(DateTimeOffset at) =>
        new(Guid.NewGuid(), at, Guid.NewGuid(), 1001, BillableOwner.Team(_team), _lastMonth.Start, _lastMonth.End, 2500);
}
