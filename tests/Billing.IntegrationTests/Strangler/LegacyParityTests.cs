using System.Net;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// With every capability in Legacy mode the host must be invisible: each request a client sends gets
/// the same status, the same headers that matter and the same body through the host as directly.
/// </summary>
public sealed class LegacyParityTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private static readonly string[] HeadersThatMatter = ["Content-Type", "ETag", "Content-Range", "Next-Range", "Accept-Ranges", "Request-Id"];

    public static TheoryData<string, string, string> Requests()
    {
        var dave = LegacyFixtureData.Customer("dave@example.com");
        var erin = LegacyFixtureData.Customer("erin@acme.example");
        var bob = LegacyFixtureData.Customer("bob@example.com");
        var acmeOps = LegacyFixtureData.TeamId("acme-ops");
        var acme = LegacyFixtureData.EnterpriseAccountId("acme-corp");
        const string v3 = "application/vnd.heroku+json; version=3";
        const string sdk = "application/vnd.heroku+json; version=3.sdk";
        return new TheoryData<string, string, string>
        {
            { "/account", dave.Token, v3 },
            { "/account/invoices", dave.Token, v3 },
            { "/account/invoices/1", dave.Token, v3 },
            { "/account/invoice-address", dave.Token, v3 },
            { "/account/credits", dave.Token, v3 },
            { "/account/delinquency", dave.Token, v3 },
            { "/teams", erin.Token, v3 },
            { $"/teams/{acmeOps}/invoices", erin.Token, v3 },
            { $"/teams/{acmeOps}/usage/monthly?start=2026-01&end=2026-03", erin.Token, v3 },
            { $"/teams/{acmeOps}/usage/daily?start=2026-02-01&end=2026-02-03", erin.Token, v3 },
            { $"/enterprise-accounts/{acme}/usage/monthly?start=2026-05", erin.Token, v3 },
            { $"/enterprise-accounts/{acme}", erin.Token, v3 },
            { "/dyno-sizes", dave.Token, v3 },
            { "/dyno-sizes/standard-1x", dave.Token, v3 },
            { "/addon-services", dave.Token, v3 },
            { "/account/payment-method", dave.Token, sdk },
            { "/account", "not-a-token", v3 },
            { "/account/invoices/999999", dave.Token, v3 },
            { $"/teams/{acmeOps}/invoices", dave.Token, v3 },
            { "/no-such-route", dave.Token, v3 },
            { $"/teams/{acmeOps}", erin.Token, v3 },
            { "/teams/acme-ops/delinquency", erin.Token, v3 },
            { $"/teams/{acmeOps}/invoices/9403012", erin.Token, v3 },
            { "/enterprise-accounts", erin.Token, v3 },
            { $"/enterprise-accounts/{acme}/teams", erin.Token, v3 },
            { $"/enterprise-accounts/{acme}/usage/daily?start=2026-03-01&end=2026-03-02", erin.Token, v3 },
            { "/addon-services/heroku-postgresql", dave.Token, v3 },
            { "/addon-services/heroku-postgresql/plans", dave.Token, sdk },
            { "/plans/heroku-postgresql:essential-0", dave.Token, v3 },
            { "/apps/acme-etl/usage", erin.Token, sdk },
            { "/teams/acme-data/usage", erin.Token, sdk },
            { "/teams/acme-data/apps/acme-etl/usage", erin.Token, sdk },
            { $"/accounts/{bob.AccountId}/actions/get-quota", bob.Token, "application/vnd.heroku+json; version=3.account-quotas" },
            { $"/teams/{acmeOps}/usage/daily?start=2026-02-01&end=2026-04-01", erin.Token, v3 },
        };
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_through_the_host_is_answered_exactly_as_legacy_answers_it(string path, string token, string accept)
    {
        await using var host = HostWith("Legacy");
        using var direct = new HttpClient { BaseAddress = path.Contains("/usage", StringComparison.Ordinal) || path.Contains("/get-quota", StringComparison.Ordinal) ? Legacy.Metering.BaseUrl : Legacy.Billing.BaseUrl };
        var through = host.CreateClient();
        var requestId = Guid.NewGuid().ToString();

        var expected = await direct.SendAsync(ClientRequest(HttpMethod.Get, path, token, accept, requestId: requestId));
        var actual = await through.SendAsync(ClientRequest(HttpMethod.Get, path, token, accept, requestId: requestId));

        Assert.Equal(expected.StatusCode, actual.StatusCode);
        foreach (var header in HeadersThatMatter)
        {
            Assert.Equal(Values(expected, header), Values(actual, header));
        }

        Assert.Equal(await expected.Content.ReadAsStringAsync(), await actual.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string, string, string> Writes()
    {
        var frank = LegacyFixtureData.Customer("frank@example.com");
        var carol = LegacyFixtureData.Customer("carol@example.com");
        var payment = Guid.NewGuid();
        const string v3 = "application/vnd.heroku+json; version=3";
        const string sdk = "application/vnd.heroku+json; version=3.sdk";
        return new TheoryData<string, string, string, string, string>
        {
            { "PUT", "/account/invoice-address", frank.Token, v3, """{"address_1":"1 Main St","city":"Lisbon","country":"PT","postal_code":"1000-001"}""" },
            { "POST", "/account/credits", frank.Token, v3, """{"code1":"WELCOME-2026"}""" },
            { "POST", "/account/payments", carol.Token, sdk, $$"""{"amount":23459,"invoice_id":9403287,"uuid":"{{payment}}"}""" },
            { "POST", "/account/credits", frank.Token, v3, """{"code1": """ },
            // A rejected event is not remembered, so sending it twice answers the same both times.
            { "POST", "/usage-events", "legacy_producer_token", v3, """{"events":[{"id":"parity-1","occurred_at":"2026-10-01T00:00:00Z","owner":{"type":"team","id":"00000000-0000-0000-0000-000000000000"},"app_id":"00000000-0000-0000-0000-000000000000","metric":"formation.quantity","value":1}]}""" },
        };
    }

    /// <summary>
    /// Writes go to legacy too (both requests reach the same legacy process, so each write here is one
    /// the legacy service treats as idempotent: same address, same promo code, same payment uuid).
    /// </summary>
    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_through_the_host_is_answered_exactly_as_legacy_answers_it(string method, string path, string token, string accept, string body)
    {
        await using var host = HostWith("Legacy");
        using var direct = new HttpClient { BaseAddress = path.StartsWith("/usage-events", StringComparison.Ordinal) ? Legacy.Metering.BaseUrl : Legacy.Billing.BaseUrl };
        var requestId = Guid.NewGuid().ToString();
        HttpRequestMessage Request()
        {
            var request = ClientRequest(new HttpMethod(method), path, token, accept, range: null, requestId: requestId);
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            return request;
        }

        var expected = await direct.SendAsync(Request());
        var actual = await host.CreateClient().SendAsync(Request());

        Assert.Equal(expected.StatusCode, actual.StatusCode);
        Assert.Equal(await expected.Content.ReadAsStringAsync(), await actual.Content.ReadAsStringAsync());
        Assert.Equal(Values(expected, "Content-Type"), Values(actual, "Content-Type"));
    }

    [Fact]
    public async Task Paging_through_the_host_follows_next_range_to_the_same_items_as_legacy()
    {
        await using var host = HostWith("Legacy");
        var client = host.CreateClient();
        var dave = LegacyFixtureData.Customer("alice@example.com");
        var numbers = new List<int>();
        var statuses = new List<HttpStatusCode>();
        string? range = "id ..; max=5";

        while (range is not null && statuses.Count < 20)
        {
            var response = await client.SendAsync(ClientRequest(HttpMethod.Get, "/account/invoices", dave.Token, range: range));
            statuses.Add(response.StatusCode);
            numbers.AddRange((await response.JsonAsync()).EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
            range = response.Headers.TryGetValues("Next-Range", out var next) ? next.Single() : null;
        }

        var all = await client.SendAsync(ClientRequest(HttpMethod.Get, "/account/invoices", dave.Token));
        var expected = (await all.JsonAsync()).EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).ToList();
        Assert.True(expected.Count > 5, "the fixture account needs more invoices than one page");
        Assert.Equal(expected, numbers);
        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.PartialContent, s));
    }

    private static string? Values(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) || response.Content.Headers.TryGetValues(header, out values)
            ? string.Join(",", values)
            : null;
}
