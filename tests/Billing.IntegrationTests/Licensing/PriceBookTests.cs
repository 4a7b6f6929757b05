using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Licensing;

/// <summary>The versioned price book: a change applies from its instant on and never reprices the past.</summary>
public sealed class PriceBookTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task A_price_change_mid_period_applies_from_its_instant_and_leaves_earlier_instants_priced_as_before()
    {
        var admin = Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PublishDynoSizeAsync("standard-1x", cents: 2500)).StatusCode);
        // A second on: instants travel as whole seconds, and the first price started at the publish instant.
        var beforeChange = DateTimeOffset.UtcNow.AddSeconds(1);
        var changeAt = beforeChange.AddDays(10);
        var priceAtStart = await PriceAtAsync(admin, "standard-1x", beforeChange);

        var change = await admin.PostAsJsonAsync("/admin/licensing/dyno-sizes/standard-1x/prices",
            new { cost = new { cents = 3000, unit = "month" }, effective_from = Iso(changeAt), reason = "2027 list price" });

        Assert.Equal(HttpStatusCode.Created, change.StatusCode);
        var version = await change.JsonAsync();
        Assert.Equal("2027 list price", version.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(version.GetProperty("recorded_by").GetString()));
        // The period before the change is unchanged, also when asked again after the change was recorded.
        var before = await PriceAtAsync(admin, "standard-1x", beforeChange);
        Assert.Equal(2500, before.GetProperty("cents").GetInt64());
        Assert.Equal(priceAtStart.GetProperty("effective_from").GetString(), before.GetProperty("effective_from").GetString());
        Assert.Equal(Iso(changeAt), before.GetProperty("effective_until").GetString());
        Assert.Equal(2500, (await PriceAtAsync(admin, "standard-1x", changeAt.AddSeconds(-1))).GetProperty("cents").GetInt64());
        // Half-open: the change's own instant already has the new price.
        Assert.Equal(3000, (await PriceAtAsync(admin, "standard-1x", changeAt)).GetProperty("cents").GetInt64());
        Assert.Equal(3000, (await PriceAtAsync(admin, "standard-1x", changeAt.AddDays(20))).GetProperty("cents").GetInt64());
        // Clients still see today's price until the change starts.
        var served = await (await admin.GetAsync("/dyno-sizes/standard-1x")).JsonAsync();
        Assert.Equal(2500, served.GetProperty("cost").GetProperty("cents").GetInt64());
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.dyno_size_price_changed.v1'"));
    }

    [Fact]
    public async Task A_price_starting_in_the_past_is_refused_with_422_and_nothing_is_saved()
    {
        var admin = Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PublishDynoSizeAsync("standard-2x", cents: 5000)).StatusCode);

        var response = await admin.PostAsJsonAsync("/admin/licensing/dyno-sizes/standard-2x/prices",
            new { cost = new { cents = 1, unit = "month" }, effective_from = Iso(DateTimeOffset.UtcNow.AddDays(-1)), reason = "retroactive discount" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["effective_from"], await FieldsAsync(response));
        Assert.Equal(1, await Fixture.CountAsync("licensing.price_versions"));
        Assert.Equal(0, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.dyno_size_price_changed.v1'"));
    }

    [Fact]
    public async Task Bad_price_input_names_every_field_and_an_unknown_size_or_plan_is_404()
    {
        var admin = Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PublishDynoSizeAsync("performance-m", cents: 25000)).StatusCode);

        var invalid = await admin.PostAsJsonAsync("/admin/licensing/dyno-sizes/performance-m/prices", new { cost = new { cents = -5, unit = "month" } });
        var unknownSize = await admin.PostAsJsonAsync("/admin/licensing/dyno-sizes/no-such-size/prices", new { cost = new { cents = 5, unit = "month" }, reason = "x" });
        var unknownPlan = await admin.PostAsJsonAsync("/admin/licensing/plans/no-such:plan/prices", new { price = new { cents = 5, unit = "month" }, reason = "x" });
        var unknownService = await admin.PostAsJsonAsync("/admin/licensing/addon-services/no-such-service/plans",
            new { name = "basic", price = new { cents = 5, unit = "month" }, reason = "x" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(["cost.cents", "reason"], await FieldsAsync(invalid));
        Assert.Equal(HttpStatusCode.NotFound, unknownSize.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPlan.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownService.StatusCode);
        Assert.Equal(1, await Fixture.CountAsync("licensing.price_versions"));
        Assert.Equal(0, await Fixture.CountAsync("licensing.plans"));
    }

    [Fact]
    public async Task Price_changes_need_an_admin()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin().PublishDynoSizeAsync("basic", cents: 700)).StatusCode);
        var customer = ApiClients.Create(Factory, (await IssueTokenAsync("customer", Guid.NewGuid())).Token);

        var response = await customer.PostAsJsonAsync("/admin/licensing/dyno-sizes/basic/prices", new { cost = new { cents = 1, unit = "month" }, reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task<System.Text.Json.JsonElement> PriceAtAsync(HttpClient admin, string size, DateTimeOffset at)
    {
        var response = await admin.GetAsync($"/admin/licensing/dyno-sizes/{size}/price?at={Uri.EscapeDataString(Iso(at))}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task<List<string?>> FieldsAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).ToList();
}
