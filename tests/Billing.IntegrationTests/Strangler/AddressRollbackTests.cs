using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Persistence;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// Rolling <c>invoice-address.account.write</c> back to Legacy (ADR 0047): the addresses customers wrote in the host
/// while it was New are put back into the real Ruby service, each once, audited; afterwards legacy owns them again.
/// </summary>
public sealed class AddressRollbackTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string Replay = "/admin/invoicing/invoice-addresses/replay-to-legacy";

    [Fact]
    public async Task Addresses_written_in_New_go_back_to_legacy_once_audited_and_legacy_owns_them_again()
    {
        var erin = LegacyFixtureData.Customer("erin@acme.example");
        using var direct = new HttpClient { BaseAddress = Legacy.Billing.BaseUrl };
        var original = await AddressAsync(direct, erin.Token);
        try
        {
            await using var host = HostWith("New", new Dictionary<string, string?> { ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken });
            await BackfillAsync(host);
            await ImportLegacyTokenAsync(erin);
            var client = host.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Put("/account/invoice-address", erin.Token, """{"city":"Gothenburg","country":"SE","use_invoice_address":true}"""))).StatusCode);
            // An account only the host knows: legacy refuses it, and that does not stop the others.
            var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
            var stranger = await ApiClients.IssueTokenAsync(admin, "customer", Guid.NewGuid());
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Put("/account/invoice-address", stranger.Token, """{"city":"Oslo"}"""))).StatusCode);
            Assert.Equal(original.GetProperty("city").GetString(), (await AddressAsync(direct, erin.Token)).GetProperty("city").GetString());

            var before = await admin.GetFromJsonAsync<JsonElement>(Replay);
            var noReason = await admin.PostAsJsonAsync(Replay, new { });
            var customer = await ApiClients.Create(host, erin.Token).PostAsJsonAsync(Replay, new { reason = "x" });
            var first = await (await admin.PostAsJsonAsync(Replay, new { reason = "rollback INC-77" })).JsonAsync();
            var second = await (await admin.PostAsJsonAsync(Replay, new { reason = "rollback INC-77, again" })).JsonAsync();

            Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
            Assert.Equal("invalid_params", (await noReason.JsonAsync()).GetProperty("id").GetString());
            Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
            Assert.Equal(1, first.GetProperty("replayed").GetInt32());
            Assert.Equal(stranger.AccountId, Assert.Single(first.GetProperty("failed").EnumerateArray()).GetProperty("account_id").GetGuid());
            Assert.Equal((0, 1), (second.GetProperty("replayed").GetInt32(), second.GetProperty("failed").GetArrayLength()));
            Assert.Equal(2, before.GetProperty("awaiting").GetInt32());
            Assert.Equal(new[] { erin.AccountId, stranger.AccountId!.Value }.Order(), before.GetProperty("account_ids").EnumerateArray().Select(i => i.GetGuid()));
            var after = await admin.GetFromJsonAsync<JsonElement>(Replay);
            Assert.Equal((1, stranger.AccountId.Value), (after.GetProperty("awaiting").GetInt32(), Assert.Single(after.GetProperty("account_ids").EnumerateArray()).GetGuid()));
            var inLegacy = await AddressAsync(direct, erin.Token);
            Assert.Equal(("Gothenburg", "SE", true), (inLegacy.GetProperty("city").GetString(), inLegacy.GetProperty("country").GetString(), inLegacy.GetProperty("use_invoice_address").GetBoolean()));
            Assert.Equal(original.GetProperty("address_1").GetString(), inLegacy.GetProperty("address_1").GetString());
            var audit = (await admin.GetFromJsonAsync<JsonElement>($"/admin/invoicing/audit?subject=account:{erin.AccountId}")).EnumerateArray()
                .Where(e => e.GetProperty("action").GetString() == "invoice_address.replayed_to_legacy").Select(e => e.GetProperty("reason").GetString()).ToList();
            Assert.Equal(["rollback INC-77"], audit);

            // Legacy owns the address again: a change made there reaches the host with the next backfill.
            Assert.Equal(HttpStatusCode.OK, (await direct.SendAsync(Put("/account/invoice-address", erin.Token, """{"city":"Malmö"}"""))).StatusCode);
            await BackfillAsync(host);
            Assert.Equal("Malmö", (await AddressAsync(client, erin.Token)).GetProperty("city").GetString());
        }
        finally
        {
            var restore = new HttpRequestMessage(HttpMethod.Put, $"/internal/invoice-addresses/{erin.AccountId}")
            {
                Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["city"] = original.GetProperty("city").GetString() ?? string.Empty,
                    ["country"] = original.GetProperty("country").GetString() ?? string.Empty,
                    ["use_invoice_address"] = original.GetProperty("use_invoice_address").GetBoolean(),
                }), Encoding.UTF8, "application/json"),
            };
            restore.Headers.TryAddWithoutValidation("Authorization", $"Bearer {LegacyFixtureData.AdminToken}");
            restore.Headers.TryAddWithoutValidation("Accept", "application/vnd.heroku+json; version=3");
            Assert.Equal(HttpStatusCode.OK, (await direct.SendAsync(restore)).StatusCode);
        }
    }

    /// <summary>The replay marks the write it sent, not the moment: a customer writing meanwhile still has a write due.</summary>
    [Fact]
    public async Task An_address_written_while_the_replay_runs_is_sent_by_the_next_replay()
    {
        var legacyStub = new WritingDuringReplay();
        await using var host = HostWith("New").WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<ILegacyInvoiceAddresses>(_ => legacyStub)));
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var customer = await ApiClients.IssueTokenAsync(admin, "customer", Guid.NewGuid());
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Put("/account/invoice-address", customer.Token, """{"city":"Lisbon"}"""))).StatusCode);
        legacyStub.DuringNextWrite = async () =>
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Put("/account/invoice-address", customer.Token, """{"city":"Porto"}"""))).StatusCode);

        var replays = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            replays.Add((await (await admin.PostAsJsonAsync(Replay, new { reason = "rollback" })).JsonAsync()).GetProperty("replayed").GetInt32());
        }

        Assert.Equal([1, 1, 0], replays);
        Assert.Equal(["Lisbon", "Porto"], legacyStub.Sent.Select(a => a.City));
    }

    /// <summary>Two operators replaying at once: the second is told one is running; nothing is sent or audited twice.</summary>
    [Fact]
    public async Task A_replay_while_another_runs_is_refused_and_nothing_is_sent_twice()
    {
        var legacyStub = new WritingDuringReplay();
        await using var host = HostWith("New").WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<ILegacyInvoiceAddresses>(_ => legacyStub)));
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var customer = await ApiClients.IssueTokenAsync(admin, "customer", Guid.NewGuid());
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().SendAsync(Put("/account/invoice-address", customer.Token, """{"city":"Lisbon"}"""))).StatusCode);
        var second = new TaskCompletionSource<HttpResponseMessage>();
        var numberingFree = new List<bool>();
        legacyStub.DuringNextWrite = async () =>
        {
            second.SetResult(await ApiClients.Create(host, BillingApiFactory.AdminToken).PostAsJsonAsync(Replay, new { reason = "rollback, second operator" }));
            // The replay's lock is its own: issuing invoices and voiding them (numbering) go on while it runs.
            numberingFree.Add(await LockIsFreeAsync(InvoicingLocks.InvoiceNumbering));
            numberingFree.Add(await LockIsFreeAsync(InvoicingLocks.CreditNoteNumbering));
        };

        var first = await (await admin.PostAsJsonAsync(Replay, new { reason = "rollback" })).JsonAsync();
        var refused = await second.Task;

        Assert.Equal([true, true], numberingFree);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("already running", (await refused.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, first.GetProperty("replayed").GetInt32());
        Assert.Single(legacyStub.Sent);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.audit_entries", "action = 'invoice_address.replayed_to_legacy'"));
        // The lock goes with the replay: the next one runs (and finds nothing due).
        Assert.Equal(0, (await (await admin.PostAsJsonAsync(Replay, new { reason = "check" })).JsonAsync()).GetProperty("replayed").GetInt32());
    }

    [Fact]
    public async Task Without_a_legacy_service_the_replay_is_refused_and_nothing_is_marked()
    {
        await using var host = HostWith("New", new Dictionary<string, string?> { ["Strangler:Services:billing:BaseUrl"] = string.Empty });
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);

        var refused = await admin.PostAsJsonAsync(Replay, new { reason = "rollback" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("No legacy billing service is configured", (await refused.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.audit_entries"));
    }

    private async Task<bool> LockIsFreeAsync(long key)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key) AND pg_advisory_unlock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task BackfillAsync(BillingApiFactory host)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync("invoicing.legacy-billing", CancellationToken.None);
    }

    private static HttpRequestMessage Put(string path, string token, string json)
    {
        var put = ClientRequest(HttpMethod.Put, path, token);
        put.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return put;
    }

    private static async Task<JsonElement> AddressAsync(HttpClient client, string token) =>
        await (await client.SendAsync(ClientRequest(HttpMethod.Get, "/account/invoice-address", token))).JsonAsync();

    /// <summary>Legacy as the replay sees it, with a customer's write slipped in while the first address is being sent.</summary>
    private sealed class WritingDuringReplay : ILegacyInvoiceAddresses
    {
        public List<LegacyInvoiceAddressWrite> Sent { get; } = [];

        public Func<Task>? DuringNextWrite { get; set; }

        public bool IsConfigured => true;

        public async Task WriteAsync(LegacyInvoiceAddressWrite address, CancellationToken cancellationToken)
        {
            Sent.Add(address);
            if (DuringNextWrite is { } write)
            {
                DuringNextWrite = null;
                await write();
            }
        }
    }
}
