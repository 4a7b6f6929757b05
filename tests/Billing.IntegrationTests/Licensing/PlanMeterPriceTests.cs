using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Licensing;

/// <summary>Metered plan prices: one more append-only price version with a per-unit price and included units.</summary>
public sealed class PlanMeterPriceTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private const string PlanName = "heroku-postgresql:essential-0";

    [Fact]
    public async Task A_meter_price_makes_the_plan_metered_from_its_instant_and_leaves_the_past_period_priced_as_before()
    {
        await LegacyCatalogue.ImportAsync(Factory.Services, LegacyCatalogue.Service(), LegacyCatalogue.Plan(cents: 500));
        var admin = Admin();
        var pastPeriod = LegacyCatalogue.Since.AddMonths(5);

        var response = await admin.PostAsJsonAsync("/admin/licensing/plan-meter-prices",
            new { plan = PlanName, price = new { cents = 3, unit = "unit" }, included_units = 1000, reason = "metered storage tier" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await response.JsonAsync();
        Assert.True(version.GetProperty("metered").GetBoolean());
        Assert.Equal(3, version.GetProperty("cents").GetInt64());
        Assert.Equal(1000m, version.GetProperty("included_units").GetDecimal());
        var past = await PriceAtAsync(admin, pastPeriod);
        Assert.Equal(500, past.GetProperty("cents").GetInt64());
        Assert.False(past.GetProperty("metered").GetBoolean());
        Assert.Equal("month", past.GetProperty("unit").GetString());
        var sdk = await (await Client(BillingApiFactory.AdminToken, "application/vnd.heroku+json; version=3.sdk").GetAsync($"/plans/{PlanName}")).JsonAsync();
        Assert.True(sdk.GetProperty("price").GetProperty("metered").GetBoolean());
        Assert.Equal(3, sdk.GetProperty("price").GetProperty("cents").GetInt64());
        Assert.Equal(2, await Fixture.CountAsync("licensing.price_versions"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.plan_meter_priced.v1'"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.plan_priced.v1' AND payload LIKE '%\"metered\":true%'"));
    }

    [Fact]
    public async Task The_sdk_plan_meter_read_shows_each_metered_version_in_the_contract_shape()
    {
        await LegacyCatalogue.ImportAsync(Factory.Services, LegacyCatalogue.Service(), LegacyCatalogue.Plan(cents: 500));
        var sdkClient = Client(token: null, "application/vnd.heroku+json; version=3.sdk");
        Assert.Empty((await (await sdkClient.GetAsync($"/plans/{PlanName}/meters")).JsonAsync()).EnumerateArray());
        Assert.Equal(HttpStatusCode.Created, (await Admin().PostAsJsonAsync("/admin/licensing/plan-meter-prices",
            new { plan = PlanName, price = new { cents = 3, unit = "unit" }, included_units = 1000, reason = "metered storage tier" })).StatusCode);

        var meters = (await (await sdkClient.GetAsync($"/plans/{PlanName}/meters")).JsonAsync()).EnumerateArray().ToList();
        var meter = Assert.Single(meters);
        Assert.Equal(["id", "name", "price_cents", "product_description", "billing_description", "rate_period", "billing_period", "billing_unit", "aggregation", "included_units", "start_time", "end_time", "created_at", "updated_at"],
            meter.EnumerateObject().Select(p => p.Name));
        Assert.Equal("3", meter.GetProperty("price_cents").GetString());
        Assert.Equal(1000, meter.GetProperty("included_units").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, meter.GetProperty("end_time").ValueKind);
        var byName = await (await sdkClient.GetAsync($"/plans/{PlanName}/meters/unit")).JsonAsync();
        Assert.Equal(meter.GetProperty("id").GetString(), byName.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await sdkClient.GetAsync($"/plans/{PlanName}/meters/no-such-meter")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(token: null).GetAsync($"/plans/{PlanName}/meters")).StatusCode);
    }

    [Fact]
    public async Task Every_bad_input_is_a_422_naming_its_field_and_nothing_is_saved()
    {
        await LegacyCatalogue.ImportAsync(Factory.Services, LegacyCatalogue.Service(), LegacyCatalogue.Plan(cents: 500));
        var admin = Admin();
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var negative = await admin.PostAsJsonAsync("/admin/licensing/plan-meter-prices",
            new { plan = PlanName, price = new { cents = -1 }, included_units = -5, reason = "x" });
        var unknownPlan = await admin.PostAsJsonAsync("/admin/licensing/plan-meter-prices",
            new { plan = "no-such:plan", price = new { cents = 3 }, reason = "x" });
        var pastStart = await admin.PostAsJsonAsync("/admin/licensing/plan-meter-prices",
            new { plan = PlanName, price = new { cents = 3 }, effective_from = yesterday, reason = "retroactive" });
        var missing = await admin.PostAsJsonAsync("/admin/licensing/plan-meter-prices", new { price = new { unit = "parsec" } });

        Assert.Equal(["included_units", "price.cents"], await FieldErrorsAsync(negative));
        Assert.Equal(["plan"], await FieldErrorsAsync(unknownPlan));
        Assert.Equal(["effective_from"], await FieldErrorsAsync(pastStart));
        Assert.Equal(["plan", "price.cents", "price.unit", "reason"], await FieldErrorsAsync(missing));
        Assert.Equal(1, await Fixture.CountAsync("licensing.price_versions"));
        Assert.Equal(0, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.plan_meter_priced.v1'"));
    }

    [Fact]
    public async Task Meter_prices_need_an_admin()
    {
        await LegacyCatalogue.ImportAsync(Factory.Services, LegacyCatalogue.Service(), LegacyCatalogue.Plan(cents: 500));
        var customer = ApiClients.Create(Factory, (await IssueTokenAsync("customer", Guid.NewGuid())).Token);

        var response = await customer.PostAsJsonAsync("/admin/licensing/plan-meter-prices", new { plan = PlanName, price = new { cents = 3 }, reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await Fixture.CountAsync("licensing.price_versions"));
    }

    private static async Task<System.Text.Json.JsonElement> PriceAtAsync(HttpClient admin, DateTimeOffset at)
    {
        var iso = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var response = await admin.GetAsync($"/admin/licensing/plans/{PlanName}/price?at={Uri.EscapeDataString(iso)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task<List<string?>> FieldErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).Order(StringComparer.Ordinal).ToList();
    }
}
