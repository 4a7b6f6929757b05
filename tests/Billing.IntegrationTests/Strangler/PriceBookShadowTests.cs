using System.Net;
using System.Text.Json;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// The Done-when of the price book: after the legacy backfill, Shadow mode over every dyno size, add-on
/// service and plan the legacy stand-in serves, in version=3 and 3.sdk, finds zero mismatches.
/// </summary>
public sealed class PriceBookShadowTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string BackfillName = "licensing.legacy-price-book";
    private static readonly string[] Capabilities = ["pricing.dyno-sizes.read", "pricing.addon-services.read", "pricing.plans.read"];
    private static readonly string[] Variants = ["application/vnd.heroku+json; version=3", "application/vnd.heroku+json; version=3.sdk"];

    [Fact]
    public async Task After_the_backfill_shadow_mode_over_every_size_service_and_plan_finds_no_mismatch_in_either_variant()
    {
        var dave = LegacyFixtureData.Customer("dave@example.com");
        await ImportLegacyTokenAsync(dave);
        await using var host = HostWith("Shadow", new Dictionary<string, string?> { ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken });
        for (var run = 1; run <= 2; run++)
        {
            using var scope = host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(BackfillName, CancellationToken.None);
        }

        var prices = LegacyPrices();
        Assert.Equal(prices.GetProperty("dyno_sizes").GetArrayLength(), await Fixture.CountAsync("licensing.dyno_sizes"));
        Assert.Equal(prices.GetProperty("plans").GetArrayLength(), await Fixture.CountAsync("licensing.plans"));
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var progress = (await (await admin.GetAsync("/admin/backfills")).JsonAsync()).EnumerateArray().Single(b => b.GetProperty("name").GetString() == BackfillName);
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Equal(0, progress.GetProperty("items_written").GetInt64());

        var paths = PathsByCapability(prices);
        using var direct = new HttpClient { BaseAddress = Legacy.Billing.BaseUrl };
        var client = host.CreateClient();
        foreach (var accept in Variants)
        {
            foreach (var path in paths.Values.SelectMany(p => p))
            {
                var served = await client.SendAsync(ClientRequest(HttpMethod.Get, path, dave.Token, accept));
                var expected = await direct.SendAsync(ClientRequest(HttpMethod.Get, path, dave.Token, accept));
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
                Assert.Equal(await expected.Content.ReadAsStringAsync(), await served.Content.ReadAsStringAsync());
            }
        }

        foreach (var capability in Capabilities)
        {
            var requests = paths[capability].Count * Variants.Length;
            await CutOverTests.Eventually(
                async () => (await ShadowFiguresAsync(admin, capability)).GetProperty("compared").GetInt64() == requests,
                describe: async () => $"{capability}: {await ShadowFiguresAsync(admin, capability)}; {await (await admin.GetAsync($"/admin/migration/{capability}/mismatches")).Content.ReadAsStringAsync()}");
            var figures = await ShadowFiguresAsync(admin, capability);
            Assert.True(figures.GetProperty("mismatched").GetInt64() == 0,
                $"{capability}: {figures}; {await (await admin.GetAsync($"/admin/migration/{capability}/mismatches")).Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task The_new_side_serves_legacy_bytes_exactly_after_the_backfill()
    {
        var dave = LegacyFixtureData.Customer("dave@example.com");
        await using var host = HostWith("New", new Dictionary<string, string?> { ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken });
        await ImportLegacyTokenAsync(dave);
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(BackfillName, CancellationToken.None);
        }

        using var direct = new HttpClient { BaseAddress = Legacy.Billing.BaseUrl };
        var client = host.CreateClient();
        foreach (var accept in Variants)
        {
            foreach (var path in PathsByCapability(LegacyPrices()).Values.SelectMany(p => p))
            {
                var expected = await (await direct.SendAsync(ClientRequest(HttpMethod.Get, path, dave.Token, accept))).Content.ReadAsStringAsync();
                var served = await (await client.SendAsync(ClientRequest(HttpMethod.Get, path, dave.Token, accept))).Content.ReadAsStringAsync();
                Assert.True(expected == served, $"{accept} {path}\nlegacy: {expected}\nnew:    {served}");
            }
        }
    }

    private static JsonElement LegacyPrices() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(LegacyProcess.RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data", "prices.json"))).RootElement.Clone();

    /// <summary>Every read the contract offers over the fixture data, by id and by name.</summary>
    private static Dictionary<string, List<string>> PathsByCapability(JsonElement prices)
    {
        var sizes = new List<string> { "/dyno-sizes" };
        foreach (var size in prices.GetProperty("dyno_sizes").EnumerateArray())
        {
            sizes.Add($"/dyno-sizes/{size.GetProperty("id").GetString()}");
            sizes.Add($"/dyno-sizes/{size.GetProperty("name").GetString()}");
        }

        var services = new List<string> { "/addon-services" };
        var plans = new List<string>();
        foreach (var service in prices.GetProperty("addon_services").EnumerateArray())
        {
            services.Add($"/addon-services/{service.GetProperty("id").GetString()}");
            services.Add($"/addon-services/{service.GetProperty("name").GetString()}");
            plans.Add($"/addon-services/{service.GetProperty("name").GetString()}/plans");
            plans.Add($"/addon-services/{service.GetProperty("id").GetString()}/plans");
        }

        foreach (var plan in prices.GetProperty("plans").EnumerateArray())
        {
            var name = plan.GetProperty("name").GetString()!;
            var service = plan.GetProperty("addon_service").GetProperty("name").GetString()!;
            plans.Add($"/plans/{plan.GetProperty("id").GetString()}");
            plans.Add($"/plans/{name}");
            plans.Add($"/addon-services/{service}/plans/{name.Split(':')[1]}");
            plans.Add($"/addon-services/{service}/plans/{plan.GetProperty("id").GetString()}");
        }

        return new() { [Capabilities[0]] = sizes, [Capabilities[1]] = services, [Capabilities[2]] = plans };
    }
}
