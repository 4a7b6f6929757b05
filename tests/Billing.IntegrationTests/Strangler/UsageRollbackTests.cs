using System.Net;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// Rolling <c>usage.events.ingest</c> back to Legacy after dual-write was turned off (ADR 0051): the events the host
/// recorded since then reach the real Elixir metering service through the dual-write's outbox, and replaying them again
/// changes nothing there (legacy deduplicates by id). A private stand-in: it is written to.
/// </summary>
public sealed class UsageRollbackTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string Replay = "/admin/usage/replay-to-legacy";
    private const string Team = "20f971c5-7a31-409b-8497-f412e90d22ed"; // startup-team
    private const string App = "6ed6ede0-9c16-4d9e-a015-d47ef3e79088"; // startup-web
    private const string Report = $"/teams/{Team}/usage/daily?start=2026-10-01&end=2026-10-20";

    [Fact]
    public async Task Events_recorded_since_dual_write_stopped_reach_legacy_metering_and_a_second_replay_changes_nothing()
    {
        await using var metering = await LegacyProcess.StartElixirMeteringAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 20, 12, 0, 0, TimeSpan.Zero));
        await using var host = Host(metering.BaseUrl.ToString(), clock);
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var producer = ApiClients.Create(host, (await IssueTokenAsync(Roles.UsageProducer)).Token);
        using var direct = new HttpClient { BaseAddress = metering.BaseUrl };
        var before = await LegacyReportAsync(direct);

        // Dual-written while it was on: recorded before the instant the operator gives.
        Assert.Equal(HttpStatusCode.OK, (await producer.PostAsJsonAsync("/usage-events", new { events = new[] { Formation("rb-0", "2026-10-03T00:00:00Z", 1) } })).StatusCode);
        clock.Advance(TimeSpan.FromHours(1));
        var dualWriteOff = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await producer.PostAsJsonAsync("/usage-events", new
        {
            events = new[] { Formation("rb-1", "2026-10-05T00:00:00Z", 2), Formation("rb-2", "2026-10-10T12:00:00Z", 0) },
        })).StatusCode);
        Assert.Equal(before, await LegacyReportAsync(direct));

        var noReason = await admin.PostAsJsonAsync(Replay, new { since = dualWriteOff });
        var noSince = await admin.PostAsJsonAsync(Replay, new { reason = "rollback" });
        var badSince = await admin.PostAsJsonAsync(Replay, new { since = "yesterday", reason = "rollback" });
        var customer = await ApiClients.Create(host, (await IssueTokenAsync(Roles.Customer, Guid.NewGuid())).Token).PostAsJsonAsync(Replay, new { since = dualWriteOff, reason = "x" });
        var first = await (await admin.PostAsJsonAsync(Replay, new { since = dualWriteOff, reason = "rollback INC-93" })).JsonAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noSince.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSince.StatusCode);
        Assert.Equal("bad_request", await badSince.ErrorIdAsync());
        Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
        Assert.Equal((2, 1), (first.GetProperty("events").GetInt64(), first.GetProperty("batches").GetInt32()));
        Assert.Equal(1, await Fixture.CountAsync("usage.outbox_messages", "type = 'usage.legacy_forward_requested.v1' AND payload LIKE '%\"rb-1\"%' AND payload LIKE '%\"rb-2\"%' AND payload NOT LIKE '%\"rb-0\"%'"));
        await DeliverOutboxAsync(host, "usage");
        var replayed = await LegacyReportAsync(direct);
        Assert.NotEqual(before, replayed);

        var second = await (await admin.PostAsJsonAsync(Replay, new { since = dualWriteOff, reason = "rollback INC-93, again" })).JsonAsync();
        Assert.Equal(2, second.GetProperty("events").GetInt64());
        await DeliverOutboxAsync(host, "usage");
        Assert.Equal(replayed, await LegacyReportAsync(direct));
        Assert.Equal(0, await Fixture.CountAsync("usage.outbox_messages", "type = 'usage.legacy_forward_requested.v1' AND processed_at IS NULL"));
    }

    [Fact]
    public async Task Without_a_legacy_metering_service_the_replay_is_refused_and_nothing_is_queued()
    {
        await using var host = Host(string.Empty, TimeProvider.System);
        var refused = await ApiClients.Create(host, BillingApiFactory.AdminToken).PostAsJsonAsync(Replay, new { since = DateTimeOffset.UtcNow, reason = "rollback" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("No legacy metering service is configured", (await refused.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Fixture.CountAsync("usage.outbox_messages"));
    }

    private WebApplicationFactory<Program> Host(string meteringUrl, TimeProvider clock) =>
        HostWith("New", new Dictionary<string, string?>
        {
            ["Strangler:Services:metering:BaseUrl"] = meteringUrl,
            ["Legacy:Metering:AdminToken"] = LegacyFixtureData.AdminToken,
            ["Strangler:Capabilities:usage.events.ingest:Mode"] = "New",
            ["Usage:DualWriteToLegacy"] = "false",
        }).WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(clock)));

    private static object Formation(string id, string at, int quantity) => new
    {
        id, occurred_at = at, owner = new { type = "team", id = Team }, app_id = App, metric = "formation.quantity", process_type = "release", size = "standard-2x", value = quantity,
    };

    private static async Task<string> LegacyReportAsync(HttpClient direct)
    {
        var response = await direct.SendAsync(ClientRequest(HttpMethod.Get, Report, LegacyFixtureData.AdminToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
