using System.Net;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Access;

public sealed class TenancyTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task A_customer_sees_its_own_credits_and_another_accounts_credit_is_404()
    {
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        var aliceCredit = await (await Admin().GrantCreditAsync(alice, amount: 1000)).JsonAsync();
        var bobCredit = await (await Admin().GrantCreditAsync(bob, amount: 2000)).JsonAsync();
        var aliceToken = await IssueTokenAsync(Roles.Customer, alice);
        var asAlice = Client(aliceToken.Token);

        var own = await asAlice.GetAsync($"/account/credits/{aliceCredit.GetProperty("id").GetString()}");
        var others = await asAlice.GetAsync($"/account/credits/{bobCredit.GetProperty("id").GetString()}");
        var list = await (await asAlice.GetAsync("/account/credits")).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(1000, (await own.JsonAsync()).GetProperty("amount").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal("not_found", await others.ErrorIdAsync());
        Assert.Equal([aliceCredit.GetProperty("id").GetString()], list.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Credit_grants_need_a_reason_and_a_positive_amount()
    {
        var response = await Admin().GrantCreditAsync(Guid.NewGuid(), amount: -5, reason: " ");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var fields = (await response.JsonAsync()).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).ToList();
        Assert.Equal(["amount", "reason"], fields);
    }
}
