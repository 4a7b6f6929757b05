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
        };
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_through_the_host_is_answered_exactly_as_legacy_answers_it(string path, string token, string accept)
    {
        await using var host = HostWith("Legacy");
        using var direct = new HttpClient { BaseAddress = path.Contains("/usage", StringComparison.Ordinal) ? Legacy.Metering.BaseUrl : Legacy.Billing.BaseUrl };
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
