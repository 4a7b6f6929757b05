using System.Net;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Http;

public sealed class RateLimitTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task Each_token_has_its_own_budget_and_an_empty_one_answers_429_rate_limit()
    {
        await using var factory = Fixture.CreateFactory(new Dictionary<string, string?> { ["RateLimit:RequestsPerHour"] = "3" });
        var admin = ApiClients.Create(factory, BillingApiFactory.AdminToken);
        var customer = await ApiClients.IssueTokenAsync(admin, Roles.Customer, Guid.NewGuid());
        var client = ApiClients.Create(factory, customer.Token);

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await client.GetAsync("/account/credits");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(ok.Headers.GetValues("RateLimit-Remaining").Single());
        }

        var limited = await client.GetAsync("/account/credits");
        var peek = await (await client.GetAsync("/account/rate-limits")).JsonAsync();
        var otherToken = await ApiClients.Create(factory, (await ApiClients.IssueTokenAsync(admin, Roles.Customer, Guid.NewGuid())).Token).GetAsync("/account/credits");

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal("rate_limit", await limited.ErrorIdAsync());
        Assert.Equal(0, peek.GetProperty("remaining").GetInt32());
        Assert.Equal(HttpStatusCode.OK, otherToken.StatusCode);
    }
}
