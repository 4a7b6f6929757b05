using System.Net;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// <c>credits.account.write</c> (<c>POST /account/credits</c>, promo code redemption) in Legacy mode is the real Ruby
/// stand-in behind the host; in New mode, after the backfill imported legacy's promo codes, the host answers every
/// case — valid, two-part, wrong, unknown, expired, repeated, malformed — with legacy's status and body, and the same
/// credit ids, so a code is the same credit on both sides of the cut-over. A private stand-in: redeeming mutates it.
/// </summary>
public sealed class CreditRedemptionTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string Capability = "credits.account.write";

    /// <summary>Legacy's frozen clock: the host's is set to it, so expiry and <c>created_at</c> agree.</summary>
    private static readonly DateTimeOffset LegacyNow = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Bodies =
    [
        """{"code1":" welcome-2026 "}""",
        """{"code1":"WELCOME-2026"}""",
        """{"code1":"WELCOME-2026","code2":null}""",
        """{"code1":"gift-7f3k","code2":"q9pz"}""",
        """{"code1":"GIFT-7F3K","code2":"WRONG"}""",
        """{"code1":"GIFT-7F3K"}""",
        """{"code1":"NO-SUCH-CODE"}""",
        """{"code1":"SPRING-2025"}""",
        """{}""",
        """{"code1":"   "}""",
        """{"code1":5}""",
        """{"code1":"WELCOME-2026","code2":7}""",
        """[]""",
    ];

    private WebApplicationFactory<Program> Host(LegacyProcess ruby, string mode) =>
        HostWith(mode, new Dictionary<string, string?>
        {
            ["Strangler:Services:billing:BaseUrl"] = ruby.BaseUrl.ToString(),
            ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken,
        }).WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(LegacyNow))));

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task New_mode_answers_every_redemption_as_legacy_does_with_the_same_credits_and_rolling_back_sends_it_to_legacy_again()
    {
        await using var ruby = await LegacyProcess.StartRubyBillingAsync();
        await using var legacyHost = Host(ruby, "Legacy");
        await using var newHost = Host(ruby, "New");
        var bob = LegacyFixtureData.Customer("bob@example.com");
        var carol = LegacyFixtureData.Customer("carol@example.com");
        using var direct = new HttpClient { BaseAddress = ruby.BaseUrl };
        // Carol redeemed a code in legacy before the cut-over: after it, the same code is the same credit, not a second one.
        var carolsLegacyCredit = await SendAsync(direct, RedeemRequest(carol.Token, """{"code1":"BUILDERS-100"}"""));
        Assert.Equal(HttpStatusCode.Created, carolsLegacyCredit.Status);
        using (var scope = newHost.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync("invoicing.legacy-billing", CancellationToken.None);
        }

        await ImportLegacyTokenAsync(bob);
        await ImportLegacyTokenAsync(carol);
        Assert.Equal(4, await Fixture.CountAsync("invoicing.promo_codes"));

        var legacyAnswers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var body in Bodies)
        {
            legacyAnswers.Add(await SendAsync(legacyHost.CreateClient(), RedeemRequest(bob.Token, body)));
        }

        var legacyList = await SendAsync(direct, ClientRequest(HttpMethod.Get, "/account/credits", bob.Token));
        Assert.Equal(0, await Fixture.CountAsync("invoicing.credits", $"account_id = '{bob.AccountId}' AND granted_by <> 'legacy'"));

        var newClient = newHost.CreateClient();
        for (var i = 0; i < Bodies.Length; i++)
        {
            var answer = await SendAsync(newClient, RedeemRequest(bob.Token, Bodies[i]));
            var expected = legacyAnswers[i];
            Assert.True(expected.Status == answer.Status && JsonValues.Equivalent(expected.Body, answer.Body),
                $"{Bodies[i]}\nlegacy: {(int)expected.Status} {expected.Body}\nnew:    {(int)answer.Status} {answer.Body}");
        }

        Assert.Contains(legacyAnswers, a => a.Status == HttpStatusCode.Created);
        Assert.Contains(legacyAnswers, a => a.Status == HttpStatusCode.UnprocessableEntity);
        Assert.Contains(legacyAnswers, a => a.Status == HttpStatusCode.BadRequest);
        var newList = await SendAsync(newClient, ClientRequest(HttpMethod.Get, "/account/credits", bob.Token));
        Assert.True(JsonValues.Equivalent(legacyList.Body, newList.Body, "updated_at"), $"legacy: {legacyList.Body}\nnew:    {newList.Body}");
        Assert.Equal(2, await Fixture.CountAsync("invoicing.credits", $"account_id = '{bob.AccountId}' AND granted_by <> 'legacy'"));
        Assert.Equal(2, await Fixture.CountAsync("invoicing.outbox_messages", $"type = 'invoicing.credit_granted.v1' AND payload LIKE '%{bob.AccountId}%'"));

        var carolsAgain = await SendAsync(newClient, RedeemRequest(carol.Token, """{"code1":"builders-100"}"""));
        Assert.Equal(HttpStatusCode.Created, carolsAgain.Status);
        Assert.True(JsonValues.Equivalent(carolsLegacyCredit.Body, carolsAgain.Body), $"legacy: {carolsLegacyCredit.Body}\nnew:    {carolsAgain.Body}");
        Assert.Equal(0, await Fixture.CountAsync("invoicing.credits", $"account_id = '{carol.AccountId}' AND granted_by <> 'legacy'"));

        // Rolled back to Legacy: the redemption is legacy's again, and the host writes nothing.
        var rolledBack = await SendAsync(legacyHost.CreateClient(), RedeemRequest(carol.Token, """{"code1":"WELCOME-2026"}"""));
        Assert.Equal(HttpStatusCode.Created, rolledBack.Status);
        Assert.Contains("welcome credit", (await SendAsync(direct, ClientRequest(HttpMethod.Get, "/account/credits", carol.Token))).Body, StringComparison.Ordinal);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.credits", $"account_id = '{carol.AccountId}' AND granted_by <> 'legacy'"));
    }
}
