using System.Net;
using Billing.IntegrationTests.Infrastructure;
using Billing.Licensing.Contracts.Enterprise;
using static Billing.IntegrationTests.Licensing.EnterpriseFixtures;

namespace Billing.IntegrationTests.Licensing;

/// <summary>3.sdk team-license and team-license-collection: licensed quantity vs pooled consumption, in the schema's shapes.</summary>
public sealed class TeamLicenseTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private const string Sdk = "application/vnd.heroku+json; version=3.sdk";

    [Fact]
    public async Task A_team_sees_its_accounts_licences_against_the_pools_consumption_in_3_sdk_only()
    {
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var endsAt = ThisMonth.Start.AddYears(1);
        Assert.Equal(HttpStatusCode.Created, (await enterprise.SignAsync(Admin(), ThisMonth.Start, endsAt, Licence(LicenceProducts.DynoUnits, 100), Licence(LicenceProducts.AddonCredits, 500))).StatusCode);
        await enterprise.RecordConsumptionAsync(enterprise.OpsTeam, ThisMonth, LicenceProducts.DynoUnits, 30.4m);
        await enterprise.RecordConsumptionAsync(enterprise.DataTeam, ThisMonth, LicenceProducts.DynoUnits, 12m);
        var sdk = Client(BillingApiFactory.AdminToken, Sdk);

        var licenses = await (await sdk.GetAsync($"/teams/{enterprise.AccountName}-ops/licenses")).JsonAsync();
        var collections = await (await sdk.GetAsync($"/teams/{enterprise.DataTeam}/license-collections")).JsonAsync();
        var v3 = await Client(BillingApiFactory.AdminToken).GetAsync($"/teams/{enterprise.OpsTeam}/licenses");

        var dynoUnits = licenses.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "HerokuDynoUnits");
        Assert.Equal(["start_date", "end_date", "qty", "consumed", "code", "name"], dynoUnits.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ThisMonth.Start.ToString("yyyy-MM-dd"), dynoUnits.GetProperty("start_date").GetString());
        Assert.Equal(endsAt.AddDays(-1).ToString("yyyy-MM-dd"), dynoUnits.GetProperty("end_date").GetString());
        Assert.Equal(100, dynoUnits.GetProperty("qty").GetInt64());
        Assert.Equal(42, dynoUnits.GetProperty("consumed").GetInt64());
        Assert.Equal("add", dynoUnits.GetProperty("code").GetString());
        Assert.Equal(2, licenses.GetArrayLength());
        var month = Assert.Single(collections.EnumerateArray());
        Assert.Equal(["period", "licenses"], month.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ThisMonth.Start.ToString("yyyy-MM"), month.GetProperty("period").GetString());
        Assert.Equal(2, month.GetProperty("licenses").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, v3.StatusCode);
    }

    [Fact]
    public async Task A_team_without_an_enterprise_contract_has_no_licences_and_another_customers_team_is_404()
    {
        var sdk = Client(BillingApiFactory.AdminToken, Sdk);
        var customer = Client((await IssueTokenAsync("customer", Guid.NewGuid())).Token, Sdk);
        var team = Guid.NewGuid();

        Assert.Equal(0, (await (await sdk.GetAsync($"/teams/{team}/licenses")).JsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync($"/teams/{team}/licenses")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sdk.GetAsync("/teams/no-such-team/license-collections")).StatusCode);
    }
}
