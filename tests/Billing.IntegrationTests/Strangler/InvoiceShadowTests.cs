using System.Net;
using System.Text.Json;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// Invoicing's Done-when for the read endpoints: after the legacy backfill (invoices with their numbers, credits,
/// invoice addresses, team names), Shadow mode over every invoice of every fixture customer and team finds zero
/// mismatches.
/// </summary>
public sealed class InvoiceShadowTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string BackfillName = "invoicing.legacy-billing";
    private static readonly string[] Capabilities = ["invoices.account.read", "invoices.team.read", "invoice-address.account.read", "credits.account.read"];
    private static readonly string[] Customers = ["alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com", "erin@acme.example", "frank@example.com"];

    private static JsonElement LegacyInvoices() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(LegacyProcess.RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data", "invoices.json"))).RootElement.Clone();

    private static List<JsonElement> LegacyCredits() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(LegacyProcess.RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data", "credits.json"))).RootElement
            .GetProperty("credits").EnumerateArray().Select(c => c.Clone()).ToList();

    /// <summary>Every read of the four capabilities a customer can make over the fixtures, with the capability it belongs to.</summary>
    private static IEnumerable<(string Capability, string Path)> ReadsOf(LegacyCustomer customer, JsonElement invoices)
    {
        yield return ("invoices.account.read", "/account/invoices");
        foreach (var invoice in invoices.GetProperty("account_invoices").EnumerateArray().Where(i => i.GetProperty("account_id").GetString() == customer.AccountId.ToString()))
        {
            yield return ("invoices.account.read", $"/account/invoices/{invoice.GetProperty("number")}");
        }

        yield return ("invoice-address.account.read", "/account/invoice-address");
        yield return ("credits.account.read", "/account/credits");
        foreach (var credit in LegacyCredits().Where(c => c.GetProperty("account_id").GetString() == customer.AccountId.ToString()))
        {
            yield return ("credits.account.read", $"/account/credits/{credit.GetProperty("id").GetString()}");
        }

        foreach (var team in customer.TeamIds)
        {
            yield return ("invoices.team.read", $"/teams/{team}/invoices");
            foreach (var invoice in invoices.GetProperty("team_invoices").EnumerateArray().Where(i => i.GetProperty("team_id").GetString() == team.ToString()))
            {
                yield return ("invoices.team.read", $"/teams/{team}/invoices/{invoice.GetProperty("number")}");
            }
        }
    }

    [Fact]
    public async Task In_New_mode_after_the_backfill_every_read_answers_legacy_s_status_and_body()
    {
        await using var host = HostWith("New", new Dictionary<string, string?> { ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken });
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(BackfillName, CancellationToken.None);
        }

        using var direct = new HttpClient { BaseAddress = Legacy.Billing.BaseUrl };
        var client = host.CreateClient();
        var invoices = LegacyInvoices();
        var compared = Capabilities.ToDictionary(c => c, _ => 0);
        foreach (var email in Customers)
        {
            var customer = LegacyFixtureData.Customer(email);
            await ImportLegacyTokenAsync(customer);
            foreach (var (capability, path) in ReadsOf(customer, invoices))
            {
                var expected = await direct.SendAsync(ClientRequest(HttpMethod.Get, path, customer.Token));
                var served = await client.SendAsync(ClientRequest(HttpMethod.Get, path, customer.Token));
                var (legacyBody, newBody) = (await expected.Content.ReadAsStringAsync(), await served.Content.ReadAsStringAsync());
                Assert.True(expected.StatusCode == served.StatusCode && JsonEquivalent(legacyBody, newBody, capability), $"{path}\nlegacy: {expected.StatusCode} {legacyBody}\nnew:    {served.StatusCode} {newBody}");
                compared[capability]++;
            }
        }

        Assert.All(Capabilities, c => Assert.True(compared[c] > 0, c));
    }

    /// <summary>Credits' updated_at is stamped by each side.</summary>
    private static bool JsonEquivalent(string legacy, string candidate, string capability) =>
        JsonValues.Equivalent(legacy, candidate, capability == "credits.account.read" ? ["updated_at"] : []);

    [Fact]
    public async Task An_address_written_in_New_mode_is_kept_when_the_backfill_runs_again()
    {
        await using var host = HostWith("New", new Dictionary<string, string?> { ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken });
        async Task BackfillAsync()
        {
            using var scope = host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(BackfillName, CancellationToken.None);
        }

        await BackfillAsync();
        var dave = LegacyFixtureData.Customer("dave@example.com");
        await ImportLegacyTokenAsync(dave);
        var client = host.CreateClient();
        var put = ClientRequest(HttpMethod.Put, "/account/invoice-address", dave.Token);
        put.Content = new StringContent("{\"city\":\"Gothenburg\",\"country\":\"SE\",\"use_invoice_address\":true}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);

        await BackfillAsync();
        var read = await (await client.SendAsync(ClientRequest(HttpMethod.Get, "/account/invoice-address", dave.Token))).JsonAsync();

        Assert.Equal(("Gothenburg", "SE", true), (read.GetProperty("city").GetString(), read.GetProperty("country").GetString(), read.GetProperty("use_invoice_address").GetBoolean()));
    }

    [Fact]
    public async Task After_the_backfill_shadow_mode_over_every_invoice_address_and_credit_finds_no_mismatch()
    {
        var settings = new Dictionary<string, string?> { ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken };
        foreach (var capability in Capabilities)
        {
            settings[$"Strangler:Capabilities:{capability}:Mode"] = "Shadow";
        }

        await using var host = HostWith("Shadow", settings);
        for (var run = 1; run <= 2; run++)
        {
            using var scope = host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(BackfillName, CancellationToken.None);
        }

        var invoices = LegacyInvoices();
        var all = invoices.GetProperty("account_invoices").GetArrayLength() + invoices.GetProperty("team_invoices").GetArrayLength();
        Assert.Equal(all, await Fixture.CountAsync("invoicing.invoices", "source = 1"));
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var progress = (await (await admin.GetAsync("/admin/backfills")).JsonAsync()).EnumerateArray().Single(b => b.GetProperty("name").GetString() == BackfillName);
        Assert.Equal(("completed", 0L), (progress.GetProperty("status").GetString(), progress.GetProperty("items_written").GetInt64()));

        var requests = Capabilities.ToDictionary(c => c, _ => 0);
        var client = host.CreateClient();
        async Task Read(string capability, string path, string token)
        {
            var response = await client.SendAsync(ClientRequest(HttpMethod.Get, path, token));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent, $"{path}: {response.StatusCode}");
            requests[capability]++;
        }

        foreach (var email in Customers)
        {
            var customer = LegacyFixtureData.Customer(email);
            await ImportLegacyTokenAsync(customer);
            await Read("invoices.account.read", "/account/invoices", customer.Token);
            foreach (var invoice in invoices.GetProperty("account_invoices").EnumerateArray().Where(i => i.GetProperty("account_id").GetString() == customer.AccountId.ToString()))
            {
                await Read("invoices.account.read", $"/account/invoices/{invoice.GetProperty("number")}", customer.Token);
            }

            await Read("invoice-address.account.read", "/account/invoice-address", customer.Token);
            await Read("credits.account.read", "/account/credits", customer.Token);
            foreach (var credit in LegacyCredits().Where(c => c.GetProperty("account_id").GetString() == customer.AccountId.ToString()))
            {
                await Read("credits.account.read", $"/account/credits/{credit.GetProperty("id").GetString()}", customer.Token);
            }

            foreach (var team in customer.TeamIds)
            {
                await Read("invoices.team.read", $"/teams/{team}/invoices", customer.Token);
                foreach (var invoice in invoices.GetProperty("team_invoices").EnumerateArray().Where(i => i.GetProperty("team_id").GetString() == team.ToString()))
                {
                    await Read("invoices.team.read", $"/teams/{team}/invoices/{invoice.GetProperty("number")}", customer.Token);
                }
            }
        }

        Assert.True(requests["invoices.team.read"] > 40);
        foreach (var capability in Capabilities)
        {
            await CutOverTests.Eventually(
                async () => (await ShadowFiguresAsync(admin, capability)).GetProperty("compared").GetInt64() == requests[capability],
                describe: async () => $"{capability}: {await ShadowFiguresAsync(admin, capability)}; {await (await admin.GetAsync($"/admin/migration/{capability}/mismatches")).Content.ReadAsStringAsync()}");
            var figures = await ShadowFiguresAsync(admin, capability);
            Assert.True(figures.GetProperty("mismatched").GetInt64() == 0,
                $"{capability}: {figures}; {await (await admin.GetAsync($"/admin/migration/{capability}/mismatches")).Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Team_invoices_are_found_by_team_name_and_another_tenant_gets_404()
    {
        var settings = new Dictionary<string, string?> { ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken, ["Strangler:Capabilities:invoices.team.read:Mode"] = "New", ["Strangler:Capabilities:invoices.account.read:Mode"] = "New" };
        await using var host = HostWith("New", settings);
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(BackfillName, CancellationToken.None);
        }

        var dave = LegacyFixtureData.Customer("dave@example.com");
        var alice = LegacyFixtureData.Customer("alice@example.com");
        var bob = LegacyFixtureData.Customer("bob@example.com");
        await ImportLegacyTokenAsync(dave);
        await ImportLegacyTokenAsync(alice);
        await ImportLegacyTokenAsync(bob);
        var client = host.CreateClient();
        var aliceInvoice = LegacyInvoices().GetProperty("account_invoices").EnumerateArray().First(i => i.GetProperty("account_id").GetString() == alice.AccountId.ToString()).GetProperty("number");

        var byName = await client.SendAsync(ClientRequest(HttpMethod.Get, "/teams/startup-team/invoices", dave.Token));
        var otherTeam = await client.SendAsync(ClientRequest(HttpMethod.Get, "/teams/startup-team/invoices", bob.Token));
        var otherInvoice = await client.SendAsync(ClientRequest(HttpMethod.Get, $"/account/invoices/{aliceInvoice}", dave.Token));
        var notANumber = await client.SendAsync(ClientRequest(HttpMethod.Get, "/account/invoices/abc", dave.Token));

        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        Assert.Equal(12, (await byName.JsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, otherTeam.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherInvoice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notANumber.StatusCode);
    }
}
