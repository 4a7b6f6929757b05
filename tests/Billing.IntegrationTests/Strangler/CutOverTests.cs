using System.Net;
using System.Net.Http.Json;
using Billing.Host.Strangler;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Billing.IntegrationTests.Strangler;

public sealed class CutOverTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string DynoSizes = "pricing.dyno-sizes.read";

    [Fact]
    public async Task Switching_takes_effect_on_every_instance_without_restart_is_audited_and_switching_back_restores_legacy()
    {
        await using var first = HostWith("Legacy");
        await using var second = HostWith("Legacy");
        var admin = ApiClients.Create(first, BillingApiFactory.AdminToken);
        var dave = LegacyFixtureData.Customer("dave@example.com");
        var legacySizes = await CountSizesAsync(second, dave.Token);
        Assert.True(legacySizes > 0);

        var switched = await admin.PutAsJsonAsync($"/admin/migration/{DynoSizes}", new { mode = "new", reason = "licensing backfilled and shadowed clean" });
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        // The new module's catalogue is empty here, so "0 sizes" tells the new path answered. The admin
        // token is the host's own: legacy does not know it, so only the new path can answer it with 200.
        await Eventually(async () => await TryCountSizesAsync(second, BillingApiFactory.AdminToken) == 0);

        var reset = await admin.DeleteAsync($"/admin/migration/{DynoSizes}?reason=rollback drill");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await Eventually(async () => await TryCountSizesAsync(second, dave.Token) == legacySizes);

        var audit = (await (await admin.GetAsync("/admin/migration/audit")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(2, audit.Count);
        Assert.Equal("rollback drill", audit[0].GetProperty("reason").GetString());
        Assert.True(audit[0].GetProperty("reset_to_configuration").GetBoolean());
        Assert.Equal("licensing backfilled and shadowed clean", audit[1].GetProperty("reason").GetString());
        Assert.Equal("new", audit[1].GetProperty("to_mode").GetString());
        Assert.Equal("bootstrap-admin", audit[1].GetProperty("changed_by").GetString());
    }

    /// <summary>A cancellation escaping the poller's wait made the host log it as a faulted service when start-up was refused.</summary>
    [Fact]
    public async Task The_override_poller_ends_normally_when_the_host_stops()
    {
        var host = HostWith("Legacy");
        var poller = host.Services.GetServices<IHostedService>().OfType<CapabilityOverridePoller>().Single();
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/health/live")).StatusCode);

        await host.DisposeAsync();

        Assert.True(poller.ExecuteTask!.IsCompletedSuccessfully, $"the poller ended {poller.ExecuteTask.Status}");
    }

    [Fact]
    public async Task A_switch_needs_a_reason_a_valid_mode_and_a_known_capability()
    {
        await using var host = HostWith("Legacy");
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);

        var noReason = await admin.PutAsJsonAsync($"/admin/migration/{DynoSizes}", new { mode = "new" });
        var badCanary = await admin.PutAsJsonAsync($"/admin/migration/{DynoSizes}", new { mode = "new", canary_percent = 101, reason = "x" });
        var unknown = await admin.PutAsJsonAsync("/admin/migration/no.such.capability", new { mode = "new", reason = "x" });
        var customer = await ApiClients.IssueTokenAsync(admin, "customer", Guid.NewGuid());
        var notAdmin = await ApiClients.Create(host, customer.Token).PutAsJsonAsync($"/admin/migration/{DynoSizes}", new { mode = "new", reason = "x" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCanary.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal(0, await Fixture.CountAsync("strangler.capability_changes"));
    }

    [Theory]
    [InlineData("usage.events.ingest")]
    [InlineData("invoice-address.account.write")]
    [InlineData("credits.account.write")]
    public async Task A_write_capability_cannot_be_switched_to_shadow_and_nothing_is_stored_or_audited(string write)
    {
        await using var host = HostWith("Legacy");
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);

        var refused = await admin.PutAsJsonAsync($"/admin/migration/{write}", new { mode = "shadow", canary_percent = 10, reason = "compare the writes" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = await refused.JsonAsync();
        Assert.Equal("invalid_params", error.GetProperty("id").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains($"{write} only writes, and writes are never shadowed", message, StringComparison.Ordinal);
        Assert.Contains("choose legacy or new", message, StringComparison.Ordinal);
        Assert.Equal("legacy", (await CapabilityAsync(admin, write)).GetProperty("mode").GetString());
        Assert.Equal("configuration", (await CapabilityAsync(admin, write)).GetProperty("source").GetString());
        Assert.Equal(0, await Fixture.CountAsync("strangler.capability_overrides"));
        Assert.Equal(0, await Fixture.CountAsync("strangler.capability_changes"));

        // The same write moves by cutting over, and a read may be shadowed: only Shadow of a write is refused.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/admin/migration/{write}", new { mode = "new", canary_percent = 10, reason = "cut over a share" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/admin/migration/{DynoSizes}", new { mode = "shadow", reason = "compare the reads" })).StatusCode);
        Assert.Equal("new", (await CapabilityAsync(admin, write)).GetProperty("mode").GetString());
        Assert.Equal("shadow", (await CapabilityAsync(admin, DynoSizes)).GetProperty("mode").GetString());
        Assert.Equal(2, await Fixture.CountAsync("strangler.capability_changes"));
    }

    [Fact]
    public async Task A_write_capability_configured_in_shadow_fails_start_up_with_the_reason()
    {
        await using var host = HostWith("Legacy", new Dictionary<string, string?> { ["Strangler:Capabilities:credits.account.write:Mode"] = "Shadow" });

        var failure = Record.Exception(() => host.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("Strangler:Capabilities:credits.account.write:Mode is Shadow, but credits.account.write only writes", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_canary_serves_new_only_to_the_accounts_in_its_share()
    {
        var dave = LegacyFixtureData.Customer("dave@example.com");
        await ImportLegacyTokenAsync(dave);
        var bucket = CanaryBucket.Of(dave.AccountId.ToString());
        await using var inside = HostWith("New", new Dictionary<string, string?> { [$"Strangler:Capabilities:{DynoSizes}:CanaryPercent"] = (bucket + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var outside = HostWith("New", new Dictionary<string, string?> { [$"Strangler:Capabilities:{DynoSizes}:CanaryPercent"] = bucket.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(0, await CountSizesAsync(inside, dave.Token));
        Assert.True(await CountSizesAsync(outside, dave.Token) > 0);
    }

    [Fact]
    public async Task The_overview_shows_modes_and_requests_by_handler()
    {
        await using var host = HostWith("Legacy");
        var dave = LegacyFixtureData.Customer("dave@example.com");
        await CountSizesAsync(host, dave.Token);
        await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/account", dave.Token));

        var overview = await (await ApiClients.Create(host, BillingApiFactory.AdminToken).GetAsync("/admin/migration")).JsonAsync();

        var sizes = overview.GetProperty("capabilities").EnumerateArray().Single(c => c.GetProperty("name").GetString() == DynoSizes);
        Assert.Equal("legacy", sizes.GetProperty("mode").GetString());
        Assert.Equal("configuration", sizes.GetProperty("source").GetString());
        Assert.Equal(1, sizes.GetProperty("figures").GetProperty("requests").GetProperty("legacy").GetInt64());
        Assert.Equal(1, sizes.GetProperty("figures").GetProperty("latency_ms").GetProperty("legacy").GetProperty("count").GetInt64());
        var billing = overview.GetProperty("fallback").EnumerateArray().Single(f => f.GetProperty("service").GetString() == "billing");
        Assert.Equal(1, billing.GetProperty("requests").GetInt64());
    }

    private static async Task<System.Text.Json.JsonElement> CapabilityAsync(HttpClient admin, string capability) =>
        (await (await admin.GetAsync("/admin/migration")).JsonAsync()).GetProperty("capabilities").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == capability);

    private static async Task<int> CountSizesAsync(BillingApiFactory host, string token)
    {
        var response = await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/dyno-sizes", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetArrayLength();
    }

    /// <summary>-1 when the answer is not a list (e.g. legacy refusing the host's own token before the switch arrives).</summary>
    private static async Task<int> TryCountSizesAsync(BillingApiFactory host, string token)
    {
        var response = await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/dyno-sizes", token));
        return response.StatusCode == HttpStatusCode.OK ? (await response.JsonAsync()).GetArrayLength() : -1;
    }

    internal static async Task Eventually(Func<Task<bool>> condition, int timeoutMs = 5000, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time" + (describe is null ? string.Empty : ": " + await describe()));
            await Task.Delay(50);
        }
    }
}
