using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.IntegrationTests.Infrastructure;
using Billing.Licensing.Contracts.Legacy;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Licensing;

/// <summary>Price-book changes travel through the outbox; the import keeps history when legacy's price moves.</summary>
public sealed class PriceBookEventsTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task A_price_change_becomes_a_second_rate_in_invoicing_and_redelivery_adds_nothing()
    {
        var admin = Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PublishDynoSizeAsync("standard-1x", cents: 2500)).StatusCode);
        var changeAt = DateTimeOffset.UtcNow.AddDays(3).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/admin/licensing/dyno-sizes/standard-1x/prices",
            new { cost = new { cents = 2700, unit = "month" }, effective_from = changeAt, reason = "list price 2027" })).StatusCode);
        var processor = Factory.Services.GetRequiredService<OutboxProcessor>();
        var licensing = Factory.Services.GetRequiredService<ModuleCatalog>().FindByName("licensing")!;

        Assert.Equal(2, await processor.ProcessBatchAsync(licensing, CancellationToken.None));
        await Fixture.ExecuteAsync("UPDATE licensing.outbox_messages SET processed_at = NULL");
        Assert.Equal(2, await processor.ProcessBatchAsync(licensing, CancellationToken.None));

        Assert.Equal(1, await Fixture.CountAsync("invoicing.dyno_size_rates", "name = 'standard-1x' AND monthly_price_cents = 2500"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.dyno_size_rates", $"name = 'standard-1x' AND monthly_price_cents = 2700 AND effective_from = '{changeAt}'"));
        Assert.Equal(2, await Fixture.CountAsync("invoicing.inbox_messages"));
    }

    [Fact]
    public async Task A_published_plan_is_served_in_both_variants_and_announced()
    {
        await ImportAsync(Service(), Plan(cents: 500));
        var admin = Admin();

        var created = await admin.PostAsJsonAsync("/admin/licensing/addon-services/heroku-postgresql/plans",
            new { name = "essential-9", human_name = "Essential 9", description = "bigger", price = new { cents = 9900, unit = "month", metered = true }, reason = "new tier" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var v3 = await (await Client(BillingApiFactory.AdminToken).GetAsync("/plans/heroku-postgresql:essential-9")).JsonAsync();
        var sdk = await (await Client(BillingApiFactory.AdminToken, "application/vnd.heroku+json; version=3.sdk").GetAsync("/addon-services/heroku-postgresql/plans/essential-9")).JsonAsync();
        Assert.Equal(["cents", "contract", "unit"], v3.GetProperty("price").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["cents", "contract", "metered", "unit"], sdk.GetProperty("price").EnumerateObject().Select(p => p.Name));
        Assert.True(sdk.GetProperty("price").GetProperty("metered").GetBoolean());
        Assert.Equal(2, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.plan_priced.v1'"));
    }

    [Fact]
    public async Task Reimporting_a_changed_legacy_price_adds_a_version_and_keeps_the_old_one()
    {
        Assert.Equal(2, await ImportAsync(Service(), Plan(cents: 500)));
        Assert.Equal(0, await ImportAsync(Service(), Plan(cents: 500)));

        Assert.Equal(1, await ImportAsync(Service(), Plan(cents: 700)));

        Assert.Equal(1, await Fixture.CountAsync("licensing.price_versions", "cents = 500 AND effective_from = '2024-01-15T00:00:00Z'"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.price_versions", "cents = 700 AND reason = 'legacy price changed'"));
        var old = await (await Admin().GetAsync("/admin/licensing/plans/heroku-postgresql:essential-0/price?at=2025-06-01T00:00:00Z")).JsonAsync();
        Assert.Equal(500, old.GetProperty("cents").GetInt64());
        var now = await (await Client(BillingApiFactory.AdminToken).GetAsync("/plans/heroku-postgresql:essential-0")).JsonAsync();
        Assert.Equal(700, now.GetProperty("price").GetProperty("cents").GetInt64());
    }

    [Fact]
    public async Task The_catalogue_answers_without_a_token_as_legacy_does_but_dyno_sizes_do_not()
    {
        await ImportAsync(Service(), Plan(cents: 500));
        var anonymous = Client(token: null);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/addon-services")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/addon-services/heroku-postgresql/plans")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/addon-services/heroku-postgresql/plans/essential-0")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/plans/heroku-postgresql:essential-0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dyno-sizes")).StatusCode);
    }

    private static LegacyPriceBookEntry Service() => LegacyCatalogue.Service();

    private static LegacyPriceBookEntry Plan(long cents) => LegacyCatalogue.Plan(cents);

    private Task<int> ImportAsync(params LegacyPriceBookEntry[] entries) => LegacyCatalogue.ImportAsync(Factory.Services, entries);
}
