using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// Rolling <c>credits.account.write</c> back to Legacy (ADR 0050): the promo codes customers redeemed in the host while
/// it was New are written into the real Ruby service as the credits legacy's own redemption makes — same id, redeemed
/// when they were, with the balance they have in the host — each once, audited. A private stand-in: it is written to.
/// </summary>
public sealed class CreditRollbackTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string Replay = "/admin/invoicing/credits/replay-to-legacy";

    /// <summary>Legacy's frozen clock: the host's is set to it, so the codes are valid in both.</summary>
    private static readonly DateTimeOffset LegacyNow = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private WebApplicationFactory<Program> Host(LegacyProcess ruby) =>
        HostWith("New", new Dictionary<string, string?>
        {
            ["Strangler:Services:billing:BaseUrl"] = ruby.BaseUrl.ToString(),
            ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken,
        }).WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(LegacyNow.AddDays(3)))));

    [Fact]
    public async Task Redemptions_made_in_New_go_back_to_legacy_once_with_their_balance_audited()
    {
        await using var ruby = await LegacyProcess.StartRubyBillingAsync();
        await using var host = Host(ruby);
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync("invoicing.legacy-billing", CancellationToken.None);
        }

        var bob = LegacyFixtureData.Customer("bob@example.com");
        await ImportLegacyTokenAsync(bob);
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var stranger = await ApiClients.IssueTokenAsync(admin, "customer", Guid.NewGuid());
        var client = host.CreateClient();
        var gift = await (await client.SendAsync(RedeemRequest(bob.Token, """{"code1":"gift-7f3k","code2":"q9pz"}"""))).JsonAsync();
        var strangers = await (await client.SendAsync(RedeemRequest(stranger.Token, """{"code1":"WELCOME-2026"}"""))).JsonAsync();
        var giftId = gift.GetProperty("id").GetGuid();
        // An invoice drew on it in the host: legacy is to carry on from what is left.
        await Fixture.ExecuteAsync($"UPDATE invoicing.credits SET balance_cents = 1700 WHERE id = '{giftId}'");
        using var direct = new HttpClient { BaseAddress = ruby.BaseUrl };
        Assert.DoesNotContain(giftId.ToString(), await LegacyCreditsAsync(direct, bob.Token), StringComparison.Ordinal);

        var before = await admin.GetFromJsonAsync<JsonElement>(Replay);
        var noReason = await admin.PostAsJsonAsync(Replay, new { reason = "  " });
        var customer = await ApiClients.Create(host, bob.Token).PostAsJsonAsync(Replay, new { reason = "x" });
        var first = await (await admin.PostAsJsonAsync(Replay, new { reason = "rollback INC-91" })).JsonAsync();
        var second = await (await admin.PostAsJsonAsync(Replay, new { reason = "rollback INC-91, again" })).JsonAsync();

        Assert.Equal(2, before.GetProperty("awaiting").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
        Assert.Equal(1, first.GetProperty("replayed").GetInt32());
        var refused = Assert.Single(first.GetProperty("failed").EnumerateArray());
        Assert.Equal((strangers.GetProperty("id").GetGuid(), stranger.AccountId!.Value), (refused.GetProperty("credit_id").GetGuid(), refused.GetProperty("account_id").GetGuid()));
        Assert.Equal((0, 1), (second.GetProperty("replayed").GetInt32(), second.GetProperty("failed").GetArrayLength()));
        var after = await admin.GetFromJsonAsync<JsonElement>(Replay);
        Assert.Equal(strangers.GetProperty("id").GetGuid(), Assert.Single(after.GetProperty("credit_ids").EnumerateArray()).GetGuid());

        var inLegacy = JsonDocument.Parse(await LegacyCreditsAsync(direct, bob.Token)).RootElement.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == giftId);
        Assert.Equal((2500m, 1700m, "gift card"), (inLegacy.GetProperty("amount").GetDecimal(), inLegacy.GetProperty("balance").GetDecimal(), inLegacy.GetProperty("title").GetString()));
        Assert.Equal(gift.GetProperty("created_at").GetDateTimeOffset(), inLegacy.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(1, await Fixture.CountAsync("invoicing.audit_entries", $"action = 'credit.replayed_to_legacy' AND reason = 'rollback INC-91' AND subject = 'account:{bob.AccountId}'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.audit_entries", "action = 'credit.replayed_to_legacy'"));

        // The customer redeeming the code in legacy after the rollback gets the same credit, not a second one.
        var again = await direct.SendAsync(RedeemRequest(bob.Token, """{"code1":"GIFT-7F3K","code2":"Q9PZ"}"""));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(1700m, (await again.JsonAsync()).GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task A_replay_is_refused_while_another_runs_or_without_a_legacy_service()
    {
        await using (var host = HostWith("New", new Dictionary<string, string?> { ["Strangler:Services:billing:BaseUrl"] = string.Empty }))
        {
            var refused = await ApiClients.Create(host, BillingApiFactory.AdminToken).PostAsJsonAsync(Replay, new { reason = "rollback" });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("No legacy billing service is configured", (await refused.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await using var legacyHost = HostWith("New");
        var admin = ApiClients.Create(legacyHost, BillingApiFactory.AdminToken);
        await using (var other = new NpgsqlConnection(Fixture.ConnectionString))
        {
            await other.OpenAsync();
            await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({InvoicingLocks.CreditReplay})", other))
            {
                await hold.ExecuteNonQueryAsync();
            }

            var busy = await admin.PostAsJsonAsync(Replay, new { reason = "rollback" });
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
            Assert.Contains("already running", (await busy.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({InvoicingLocks.CreditReplay})", other);
            await release.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync(Replay, new { reason = "rollback" })).StatusCode);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.audit_entries"));
    }

    private static async Task<string> LegacyCreditsAsync(HttpClient direct, string token) =>
        await (await direct.SendAsync(ClientRequest(HttpMethod.Get, "/account/credits", token))).Content.ReadAsStringAsync();
}
