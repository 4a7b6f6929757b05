using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

public sealed partial class StoredRollupTests
{
    /// <summary>
    /// An owner with a batch still pending is read from its stored days up to the first day that batch can change — the
    /// day of the reading before its late one, whose stretch it closes — and from its events after (ADR 0053): exact
    /// either way, and a stored day before that day is what the read uses (a marker written into one shows), one after
    /// it is not.
    /// </summary>
    [Fact]
    public async Task A_pending_owner_is_read_from_its_stored_days_before_the_first_day_its_batch_can_change()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(
            Formation("a", Today.AddDays(-9).AddHours(6), _app, _team, 2),
            Formation("b", Today.AddDays(-6).AddHours(6), _app, _team, 3),
            Formation("other", Today.AddDays(-8).AddHours(1), _otherApp, _team, 1))).StatusCode);
        await DrainAsync();
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("late", Today.AddDays(-3).AddHours(6), _app, _team, 1))).StatusCode);
        Assert.Equal(1, await Fixture.CountAsync("usage.pending_rollups"));

        await AssertReaderEqualsComputedAsync();
        var window = new BillingPeriod(Today.AddDays(-10), Today);
        var exact = await DynoSecondsAsync(window);
        Assert.Equal((2m * 3 * 86_400) + (3m * 3 * 86_400) + (1m * 66 * 3600) + ((8m * 86_400) - 3600), exact);

        // "late" closes the stretch of "b" (6 days ago): the stored days before that day are trusted, the later ones are not.
        await Fixture.ExecuteAsync($"UPDATE usage.daily_rollups SET value_total = value_total + 1000 WHERE owner_id = '{_team}' AND app_id = '{_app}' AND period_start = '{Today.AddDays(-7):O}'");
        await Fixture.ExecuteAsync($"UPDATE usage.daily_rollups SET value_total = value_total + 500 WHERE owner_id = '{_team}' AND app_id = '{_app}' AND period_start = '{Today.AddDays(-6):O}'");
        Assert.Equal(exact + 1000, await DynoSecondsAsync(window));
    }
}
