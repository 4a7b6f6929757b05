using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Licensing.PriceBook.Seed;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Licensing;

/// <summary>The 2026 list seeds what legacy lacks (sizes, the Eco plan) without overwriting; the Eco plan is versioned like any price.</summary>
public sealed class PriceTable2026Tests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task Seeding_adds_the_missing_sizes_and_the_eco_plan_once_and_never_overwrites_a_priced_size()
    {
        var admin = Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PublishDynoSizeAsync("private-xl", cents: 77_700, units: 33m)).StatusCode);

        await RunSeedAsync();
        await RunSeedAsync();

        // 6 private/shield + 17 Fir sizes in table B, private-xl already priced; plus the operator's size.
        Assert.Equal(23, await Fixture.CountAsync("licensing.dyno_sizes"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.price_versions", "item_id = (SELECT id FROM licensing.dyno_sizes WHERE name = 'private-xl')"));
        Assert.Equal(77_700, (await (await admin.GetAsync("/dyno-sizes/private-xl")).JsonAsync()).GetProperty("cost").GetProperty("cents").GetInt64());
        var fir = await (await admin.GetAsync("/dyno-sizes/dyno-2c-8gb")).JsonAsync();
        Assert.Equal(16_000, fir.GetProperty("cost").GetProperty("cents").GetInt64());
        Assert.Equal(6.4m, fir.GetProperty("precise_dyno_units").GetDecimal());
        var eco = await (await admin.GetAsync("/admin/licensing/eco-plan/price")).JsonAsync();
        Assert.Equal((500L, 1000m), (eco.GetProperty("cents").GetInt64(), eco.GetProperty("included_units").GetDecimal()));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.eco_plan_priced.v1'"));
        Assert.Equal(23, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.dyno_size_published.v1'"));
    }

    [Fact]
    public async Task An_eco_plan_price_change_applies_from_its_instant_and_bad_input_is_422()
    {
        await RunSeedAsync();
        var admin = Admin();
        var changeAt = DateTimeOffset.UtcNow.AddDays(3).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var changed = await admin.PostAsJsonAsync("/admin/licensing/eco-plan/prices", new { cost = new { cents = 600, unit = "month" }, pool_hours = 1200, effective_from = changeAt, reason = "2027 list" });
        var bad = await admin.PostAsJsonAsync("/admin/licensing/eco-plan/prices", new { cost = new { cents = -1, unit = "month" }, reason = "x" });

        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Equal(500, (await (await admin.GetAsync("/admin/licensing/eco-plan/price")).JsonAsync()).GetProperty("cents").GetInt64());
        var later = await (await admin.GetAsync($"/admin/licensing/eco-plan/price?at={changeAt}")).JsonAsync();
        Assert.Equal((600L, 1200m), (later.GetProperty("cents").GetInt64(), later.GetProperty("included_units").GetDecimal()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(2, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.eco_plan_priced.v1'"));
    }

    private async Task RunSeedAsync()
    {
        using var scope = Factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(PriceTable2026Import.BackfillName, CancellationToken.None);
    }
}
