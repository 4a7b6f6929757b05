using System.Net.Http.Headers;
using System.Text;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Strangler;

/// <summary>Base of the tests that put the real legacy stand-ins behind the host.</summary>
public abstract class StranglerTest(PostgresFixture fixture, LegacyStandIns legacy) : PostgresTest(fixture)
{
    protected LegacyStandIns Legacy { get; } = legacy;

    protected BillingApiFactory HostWith(string mode = "Legacy", IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = Legacy.HostSettings(mode);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return Fixture.CreateFactory(settings);
    }

    /// <summary>What a Heroku client sends: Basic auth with the token as password, v3, and heroku-client's blanket Range.</summary>
    protected static HttpRequestMessage ClientRequest(HttpMethod method, string path, string token, string accept = "application/vnd.heroku+json; version=3", string? range = "id ..; max=1000", string? requestId = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + token)));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        request.Headers.TryAddWithoutValidation("Request-Id", requestId ?? Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>What the token backfill does: the host learns a legacy token by its hash, never its secret.</summary>
    protected Task ImportLegacyTokenAsync(LegacyCustomer customer) =>
        Fixture.ExecuteAsync($"""
            INSERT INTO access.tokens (id, hash, role, account_id, team_ids, enterprise_account_ids, description, created_by, created_at)
            VALUES ('{Guid.NewGuid()}', '{TokenHasher.Hash(customer.Token)}', '{Roles.Customer}', '{customer.AccountId}',
                    '{string.Join(',', customer.TeamIds)}', '{string.Join(',', customer.EnterpriseAccountIds)}', 'legacy import', 'test', now())
            """);

    /// <summary>The shadow figures (compared, matched, mismatched, ...) of one capability from <c>/admin/migration</c>.</summary>
    protected static async Task<System.Text.Json.JsonElement> ShadowFiguresAsync(HttpClient admin, string capability)
    {
        var overview = await (await admin.GetAsync("/admin/migration")).JsonAsync();
        return overview.GetProperty("capabilities").EnumerateArray().Single(c => c.GetProperty("name").GetString() == capability)
            .GetProperty("figures").GetProperty("shadow");
    }

    /// <summary>Delivers everything a module's outbox holds now (the dispatcher is off in tests).</summary>
    protected static async Task DeliverOutboxAsync(WebApplicationFactory<Program> host, string module)
    {
        var outbox = host.Services.GetRequiredService<OutboxProcessor>();
        var owner = host.Services.GetRequiredService<ModuleCatalog>().FindByName(module)!;
        while (await outbox.ProcessBatchAsync(owner, CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>A promo-code redemption (<c>POST /account/credits</c>) as a Heroku client sends it.</summary>
    protected static HttpRequestMessage RedeemRequest(string token, string body)
    {
        var request = ClientRequest(HttpMethod.Post, "/account/credits", token, range: null);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }
}
