using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Access;

public sealed class AuthenticationTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task Missing_or_unknown_token_is_401_unauthorized()
    {
        var missing = await Client().GetAsync("/dyno-sizes");
        var unknown = await Client("bm_not-a-real-token").GetAsync("/dyno-sizes");
        var garbage = Client();
        garbage.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic !!!not-base64");
        var malformed = await garbage.GetAsync("/dyno-sizes");

        foreach (var response in new[] { missing, unknown, malformed })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("unauthorized", await response.ErrorIdAsync());
        }
    }

    [Fact]
    public async Task Basic_auth_with_the_token_as_password_works_as_heroku_clients_send_it()
    {
        var customer = await IssueTokenAsync(Roles.Customer, Guid.NewGuid());
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + customer.Token)));

        var response = await client.GetAsync("/account/credits");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        var customer = await IssueTokenAsync(Roles.Customer, Guid.NewGuid());

        var hash = await Fixture.ScalarAsync<string>("SELECT hash FROM access.tokens");

        Assert.StartsWith(TokenHasher.Prefix, customer.Token);
        Assert.Equal(TokenHasher.Hash(customer.Token), hash);
        Assert.DoesNotContain(customer.Token, hash);
    }

    [Fact]
    public async Task A_revoked_token_stops_working()
    {
        var customer = await IssueTokenAsync(Roles.Customer, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.OK, (await Client(customer.Token).GetAsync("/account/credits")).StatusCode);

        var revoked = await Admin().DeleteAsync($"/admin/tokens/{customer.Id}");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(customer.Token).GetAsync("/account/credits")).StatusCode);
    }

    [Fact]
    public async Task Roles_limit_what_a_token_may_do()
    {
        var customer = await IssueTokenAsync(Roles.Customer, Guid.NewGuid());
        var producer = await IssueTokenAsync(Roles.UsageProducer);
        var support = await IssueTokenAsync(Roles.BillingSupport);

        var customerPublishes = await Client(customer.Token).PublishDynoSizeAsync("basic");
        var customerGrants = await Client(customer.Token).GrantCreditAsync(Guid.NewGuid());
        var producerReads = await Client(producer.Token).GetAsync("/dyno-sizes");
        var supportIssuesTokens = await Client(support.Token).GetAsync("/admin/tokens");
        var supportGrants = await Client(support.Token).GrantCreditAsync(Guid.NewGuid());

        foreach (var forbidden in new[] { customerPublishes, customerGrants, producerReads, supportIssuesTokens })
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal("forbidden", await forbidden.ErrorIdAsync());
        }

        Assert.Equal(HttpStatusCode.Created, supportGrants.StatusCode);
    }

    [Fact]
    public async Task Issuing_a_customer_token_without_an_account_is_422()
    {
        var response = await Admin().PostAsync("/admin/tokens", new StringContent("{\"role\":\"customer\"}", Encoding.UTF8, "application/json"));
        var badRole = await Admin().PostAsync("/admin/tokens", new StringContent("{\"role\":\"root\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("account_id", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRole.StatusCode);
    }

    [Fact]
    public async Task Only_health_is_anonymous()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/admin/messaging/parked")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/account/rate-limits")).StatusCode);
    }
}
