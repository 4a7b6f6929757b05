using System.Net;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.IntegrationTests.Infrastructure;
using Billing.IntegrationTests.Licensing;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Issuing;
using Billing.Usage.Contracts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// Invoicing's rate card follows Licensing's price versions: a plan's billing terms (contract, metered, included units)
/// are those of the version in force in the rated period, whatever later versions say.
/// </summary>
public sealed class RateCardTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private const string PlanName = "heroku-postgresql:essential-0";
    private static readonly BillingPeriod March = BillingPeriod.Month(2026, 3);
    private static readonly BillingPeriod May = BillingPeriod.Month(2026, 5);
    private static readonly BillingPeriod December = BillingPeriod.Month(2026, 12);
    private static readonly BillableOwner Owner = BillableOwner.Account(Guid.NewGuid());
    private static readonly Guid App = Guid.NewGuid();
    private static readonly Guid Addon = Guid.NewGuid();
    private static readonly Guid PlanId = Guid.Parse("3ba933f7-0da8-4390-b120-f3cef9a7aa62");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 4, 10, 0, 0, 0, TimeSpan.Zero));

    private WebApplicationFactory<Program> Host() =>
        Fixture.CreateFactory().WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IUsageReader>(new GeneratedUsage(
                [new GaugeSegment(Owner, App, UsageMetrics.AddonPlan, Addon.ToString(), PlanId.ToString(), 1, March.Start, December.End, "evt-provisioned")],
                [new CounterTotal(Owner, App, "addon.units", Addon.ToString(), 1500, 1500, 3)]));
            s.AddSingleton<TimeProvider>(clock);
        }));

    private static async Task DeliverLicensingEventsAsync(WebApplicationFactory<Program> host)
    {
        var licensing = host.Services.GetRequiredService<ModuleCatalog>().FindByName("licensing")!;
        while (await host.Services.GetRequiredService<OutboxProcessor>().ProcessBatchAsync(licensing, CancellationToken.None) > 0)
        {
        }
    }

    private static async Task<RatedInvoice> RateAsync(WebApplicationFactory<Program> host, BillingPeriod period)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OwnerRating>().RateAsync(Owner, period, CancellationToken.None);
    }

    [Fact]
    public async Task A_later_metered_price_version_leaves_a_past_period_rated_as_before_and_bills_units_beyond_the_included_ones_from_its_instant()
    {
        await using var host = Host();
        await LegacyCatalogue.ImportAsync(host.Services, LegacyCatalogue.Service(), LegacyCatalogue.Plan(cents: 500));
        await DeliverLicensingEventsAsync(host);
        var before = await RateAsync(host, March);
        Assert.Equal(500, Assert.Single(before.Lines).AmountCents);

        var metered = await ApiClients.Create(host, BillingApiFactory.AdminToken).PostAsJsonAsync("/admin/licensing/plan-meter-prices",
            new { plan = PlanName, price = new { cents = 3, unit = "unit" }, included_units = 1000, effective_from = May.Start, reason = "metered storage tier" });
        Assert.Equal(HttpStatusCode.Created, metered.StatusCode);
        await DeliverLicensingEventsAsync(host);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.plan_meter_rates", "included_units = 1000"));

        var after = await RateAsync(host, March);
        var may = await RateAsync(host, May);

        Assert.Equal(before.Lines.Select(l => (l.Description, l.AmountCents)), after.Lines.Select(l => (l.Description, l.AmountCents)));
        var units = Assert.Single(may.Lines);
        Assert.Equal((LineKind.Metered, 1500L), (units.Kind, units.AmountCents)); // (1500 − 1000 included) × 3 cents; provisioned time not billed
    }

    [Fact]
    public async Task A_later_contract_price_version_leaves_a_past_period_billed()
    {
        await using var host = Host();
        await LegacyCatalogue.ImportAsync(host.Services, LegacyCatalogue.Service(), LegacyCatalogue.Plan(cents: 500));

        // Legacy sells the plan by contract only from November: the re-import adds a contract version from its instant.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await LegacyCatalogue.ImportAsync(host.Services, LegacyCatalogue.Service(), LegacyCatalogue.Plan(cents: 500) with { Plan = LegacyCatalogue.Plan(cents: 500).Plan! with { Contract = true } });
        await DeliverLicensingEventsAsync(host);
        Assert.Equal(2, await Fixture.CountAsync("invoicing.plan_rates"));

        var march = await RateAsync(host, March);
        var december = await RateAsync(host, December);

        Assert.Equal(500, Assert.Single(march.Lines).AmountCents);
        Assert.Empty(december.Lines);
    }
}
