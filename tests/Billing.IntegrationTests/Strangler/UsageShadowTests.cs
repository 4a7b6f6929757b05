using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// The Done-when of Usage's migration: after the price book and the metering backfills, every usage report over the
/// fixtures (team and enterprise daily/monthly for the whole history, parameter errors, 3.sdk add-on usage, Eco quota)
/// is answered byte for byte as legacy answers it, and Shadow mode over the same requests records zero mismatches.
/// Both sides run on legacy's frozen clock (METERING_NOW).
/// </summary>
public sealed class UsageShadowTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private static readonly DateTimeOffset LegacyNow = new(2026, 10, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Capabilities = ["usage.reports.read", "usage.addon-usage.read", "usage.eco-quota.read"];

    [Fact]
    public async Task After_the_backfill_the_new_side_answers_every_usage_read_exactly_as_legacy()
    {
        await using var host = await BackfilledHostAsync("New");
        using var direct = new HttpClient { BaseAddress = Legacy.Metering.BaseUrl };
        var client = host.CreateClient();
        var differences = new List<string>();
        foreach (var (path, token, accept) in Requests().SelectMany(r => r.Value))
        {
            var expected = await direct.SendAsync(ClientRequest(HttpMethod.Get, path, token, accept));
            var served = await client.SendAsync(ClientRequest(HttpMethod.Get, path, token, accept));
            var (legacyBody, newBody) = (await expected.Content.ReadAsStringAsync(), await served.Content.ReadAsStringAsync());
            if (expected.StatusCode != served.StatusCode || legacyBody != newBody)
            {
                differences.Add($"{path} ({accept})\n  legacy {(int)expected.StatusCode}: {Clip(legacyBody)}\n  new    {(int)served.StatusCode}: {Clip(newBody)}");
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {Requests().Sum(r => r.Value.Count)} differ:\n" + string.Join("\n", differences.Take(10)));
    }

    [Fact]
    public async Task Shadow_mode_over_every_usage_read_records_zero_mismatches()
    {
        await using var host = await BackfilledHostAsync("Shadow");
        var client = host.CreateClient();
        var requests = Requests();
        foreach (var (path, token, accept) in requests.SelectMany(r => r.Value))
        {
            Assert.NotEqual(HttpStatusCode.BadGateway, (await client.SendAsync(ClientRequest(HttpMethod.Get, path, token, accept))).StatusCode);
        }

        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        foreach (var capability in Capabilities)
        {
            var expected = requests[capability].Count;
            await CutOverTests.Eventually(
                async () => (await ShadowFiguresAsync(admin, capability)).GetProperty("compared").GetInt64() >= expected,
                describe: async () => $"{capability}: {await ShadowFiguresAsync(admin, capability)}");
            var figures = await ShadowFiguresAsync(admin, capability);
            Assert.True(figures.GetProperty("mismatched").GetInt64() == 0,
                $"{capability}: {figures}; {await (await admin.GetAsync($"/admin/migration/{capability}/mismatches")).Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Dual-write (ADR 0030): intake in New with <c>Usage:DualWriteToLegacy</c>, the reports in Shadow. Events ingested
    /// through the host are stored and forwarded through the outbox to a private legacy metering (so the shared one's
    /// reports stay untouched); legacy's own reports change, and Shadow over them records zero mismatches.
    /// </summary>
    [Fact]
    public async Task Dual_written_intake_keeps_legacy_reports_complete_and_shadow_reads_match()
    {
        await using var metering = await LegacyProcess.StartElixirMeteringAsync();
        await using var host = await BackfilledHostAsync("Shadow", new Dictionary<string, string?>
        {
            ["Strangler:Services:metering:BaseUrl"] = metering.BaseUrl.ToString(),
            ["Strangler:Capabilities:usage.events.ingest:Mode"] = "New",
            ["Usage:DualWriteToLegacy"] = "true",
        });
        const string team = "20f971c5-7a31-409b-8497-f412e90d22ed"; // startup-team
        const string app = "6ed6ede0-9c16-4d9e-a015-d47ef3e79088"; // startup-web
        string[] reads =
        [
            $"/teams/{team}/usage/daily?start=2026-10-01&end=2026-10-20",
            $"/teams/{team}/usage/monthly?start=2026-09&end=2026-10",
            "/apps/startup-web/usage",
        ];
        using var direct = new HttpClient { BaseAddress = metering.BaseUrl };
        var before = await ReadAllAsync(direct, reads);

        var producer = ApiClients.Create(host, (await IssueTokenAsync(Roles.UsageProducer)).Token);
        var ingest = await producer.PostAsJsonAsync("/usage-events", new
        {
            events = new object[]
            {
                new { id = "dual-1", occurred_at = "2026-10-05T00:00:00Z", owner = new { type = "team", id = team }, app_id = app, metric = "formation.quantity", process_type = "release", size = "standard-2x", value = 2 },
                new { id = "dual-2", occurred_at = "2026-10-10T12:00:00Z", owner = new { type = "team", id = team }, app_id = app, metric = "formation.quantity", process_type = "release", size = "standard-2x", value = 0 },
                new { id = "dual-3", occurred_at = "2026-10-15T08:00:00Z", owner = new { type = "team", id = team }, app_id = app, metric = "requests", addon_id = "012286e4-80a7-4ee9-aefb-43d1c45af09f", value = 1500 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        Assert.Equal(3, await Fixture.CountAsync("usage.usage_events", "event_id LIKE 'dual-%'"));

        await DeliverOutboxAsync(host, "usage");

        Assert.Equal(0, await Fixture.CountAsync("usage.outbox_messages", "type = 'usage.legacy_forward_requested.v1' AND processed_at IS NULL"));
        var after = await ReadAllAsync(direct, reads);
        Assert.All(reads, read => Assert.NotEqual(before[read], after[read]));

        var client = host.CreateClient();
        foreach (var read in reads)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ClientRequest(HttpMethod.Get, read, LegacyFixtureData.AdminToken,
                read.StartsWith("/apps/", StringComparison.Ordinal) ? "application/vnd.heroku+json; version=3.sdk" : "application/vnd.heroku+json; version=3"))).StatusCode);
        }

        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        foreach (var (capability, count) in new[] { ("usage.reports.read", 2L), ("usage.addon-usage.read", 1L) })
        {
            await CutOverTests.Eventually(
                async () => (await ShadowFiguresAsync(admin, capability)).GetProperty("compared").GetInt64() >= count,
                describe: async () => $"{capability}: {await ShadowFiguresAsync(admin, capability)}");
            var figures = await ShadowFiguresAsync(admin, capability);
            Assert.True(figures.GetProperty("mismatched").GetInt64() == 0,
                $"{capability}: {figures}; {await (await admin.GetAsync($"/admin/migration/{capability}/mismatches")).Content.ReadAsStringAsync()}");
        }

        // A redelivery (the outbox retrying after a lost answer) is a duplicate for legacy: its reports do not move.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var legacyIntake = scope.ServiceProvider.GetRequiredService<Billing.Usage.Contracts.Legacy.ILegacyMeteringIntake>();
            var again = await legacyIntake.SendAsync([new("dual-3", new DateTimeOffset(2026, 10, 15, 8, 0, 0, TimeSpan.Zero), "team", Guid.Parse(team), Guid.Parse(app), "requests", 1500m, AddonId: "012286e4-80a7-4ee9-aefb-43d1c45af09f")], CancellationToken.None);
            Assert.Equal("duplicate", Assert.Single(again).Status);
        }

        Assert.Equal(after, await ReadAllAsync(direct, reads));
    }

    private static async Task<Dictionary<string, string>> ReadAllAsync(HttpClient legacy, IEnumerable<string> paths)
    {
        var bodies = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            var accept = path.StartsWith("/apps/", StringComparison.Ordinal) ? "application/vnd.heroku+json; version=3.sdk" : "application/vnd.heroku+json; version=3";
            var response = await legacy.SendAsync(ClientRequest(HttpMethod.Get, path, LegacyFixtureData.AdminToken, accept));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies[path] = await response.Content.ReadAsStringAsync();
        }

        return bodies;
    }

    private async Task<WebApplicationFactory<Program>> BackfilledHostAsync(string mode, Dictionary<string, string?>? extra = null)
    {
        await ImportLegacyTokenAsync(LegacyFixtureData.Customer("erin@acme.example"));
        await ImportLegacyTokenAsync(LegacyFixtureData.Customer("bob@example.com"));
        await ImportLegacyTokenAsync(LegacyFixtureData.Customer("dave@example.com"));
        await Fixture.ExecuteAsync($"""
            INSERT INTO access.tokens (id, hash, role, account_id, team_ids, enterprise_account_ids, description, created_by, created_at)
            VALUES ('{Guid.NewGuid()}', '{TokenHasher.Hash(LegacyFixtureData.AdminToken)}', '{Roles.Admin}', NULL, '', '', 'legacy import', 'test', now())
            """);
        var settings = new Dictionary<string, string?>
        {
            ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken,
            ["Legacy:Metering:AdminToken"] = LegacyFixtureData.AdminToken,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var host = HostWith(mode, settings).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(new FixedClock(LegacyNow))));
        using var scope = host.Services.CreateScope();
        var backfills = scope.ServiceProvider.GetRequiredService<BackfillJob>();
        await backfills.RunAsync("licensing.legacy-price-book", CancellationToken.None);
        await DeliverOutboxAsync(host, "licensing");

        await backfills.RunAsync("usage.legacy-metering", CancellationToken.None);
        return host;
    }

    /// <summary>Every usage read over the fixture data: all days and months of the history, errors, every app, team and account.</summary>
    private static Dictionary<string, List<(string Path, string Token, string Accept)>> Requests()
    {
        const string v3 = "application/vnd.heroku+json; version=3";
        const string sdk = "application/vnd.heroku+json; version=3.sdk";
        var admin = LegacyFixtureData.AdminToken;
        var erin = LegacyFixtureData.Customer("erin@acme.example");
        var directory = JsonDocument.Parse(File.ReadAllText(Path.Combine(LegacyProcess.RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data", "directory.json"))).RootElement;
        var reports = new List<(string, string, string)>();
        var owners = directory.GetProperty("teams").EnumerateArray().Select(t => $"/teams/{t.GetProperty("id").GetString()}")
            .Concat(directory.GetProperty("enterprise_accounts").EnumerateArray().Select(e => $"/enterprise-accounts/{e.GetProperty("id").GetString()}"))
            .ToList();
        foreach (var owner in owners)
        {
            reports.Add(($"{owner}/usage/monthly?start=2025-10&end=2026-11", admin, v3));
            reports.Add(($"{owner}/usage/monthly?start=2026-03", admin, v3));
            for (var month = new DateOnly(2025, 10, 1); month <= new DateOnly(2026, 11, 1); month = month.AddMonths(1))
            {
                reports.Add(($"{owner}/usage/daily?start={month:yyyy-MM-dd}&end={month.AddMonths(1).AddDays(-1):yyyy-MM-dd}", admin, v3));
            }

            reports.Add(($"{owner}/usage/daily?start=2026-02-10", erin.Token, v3));
            foreach (var bad in new[] { "daily", "daily?start=2026-02-30", "daily?start=2026-02-01&end=2026-03-04", "daily?start=2026-02-02&end=2026-02-01", "daily?start=20260201",
                "monthly?start=2026-13", "monthly?start=2016-01&end=2026-02", "monthly?start=2026-03&end=2026-02", "monthly?end=2026-02" })
            {
                reports.Add(($"{owner}/usage/{bad}", admin, v3));
            }
        }

        reports.Add(("/teams/acme-ops/usage/monthly?start=2026-01", admin, v3));
        var addons = new List<(string, string, string)>();
        foreach (var app in directory.GetProperty("apps").EnumerateArray())
        {
            addons.Add(($"/apps/{app.GetProperty("name").GetString()}/usage", admin, sdk));
            addons.Add(($"/apps/{app.GetProperty("id").GetString()}/usage", erin.Token, sdk));
            if (app.GetProperty("team_id").GetString() is { } team)
            {
                addons.Add(($"/teams/{team}/apps/{app.GetProperty("name").GetString()}/usage", admin, sdk));
            }
        }

        foreach (var team in directory.GetProperty("teams").EnumerateArray())
        {
            addons.Add(($"/teams/{team.GetProperty("name").GetString()}/usage", admin, sdk));
            addons.Add(($"/teams/{team.GetProperty("id").GetString()}/usage", erin.Token, sdk));
        }

        var quotas = new List<(string, string, string)>();
        foreach (var account in directory.GetProperty("accounts").EnumerateArray())
        {
            quotas.Add(($"/accounts/{account.GetProperty("id").GetString()}/actions/get-quota", admin, "application/vnd.heroku+json; version=3.account-quotas"));
            quotas.Add(($"/accounts/{account.GetProperty("email").GetString()}/actions/get-quota", admin, v3));
        }

        var bob = LegacyFixtureData.Customer("bob@example.com");
        quotas.Add(("/accounts/~/actions/get-quota", bob.Token, v3));
        quotas.Add(($"/accounts/{bob.AccountId}/actions/get-quota", erin.Token, v3));
        return new() { [Capabilities[0]] = reports, [Capabilities[1]] = addons, [Capabilities[2]] = quotas };
    }

    private static string Clip(string body) => body.Length <= 600 ? body : body[..600] + "...";

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
