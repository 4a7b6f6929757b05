using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Infrastructure;
using Billing.IntegrationTests.Licensing;
using Billing.IntegrationTests.Usage;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Issuing;
using Billing.Invoicing.Persistence;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Usage.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Licensing.EnterpriseFixtures;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// An enterprise team is invoiced against its licence: list price only where no contract covered its usage, and its
/// share of the On-demand overage Licensing computes — with a real contract signed through Licensing's admin API and
/// usage ingested through Usage's intake.
/// </summary>
public sealed class EnterpriseLicenceTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task A_contract_covering_dyno_units_from_mid_month_bills_list_price_before_it_and_the_On_demand_overage_under_it()
    {
        await EntitlementTests.SeedCatalogueAsync(Factory);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
            db.DynoSizeRates.Add(new DynoSizeRate(Guid.NewGuid(), "standard-1x", 2500, 1m, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
            await db.SaveChangesAsync();
        }

        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var now = DateTimeOffset.UtcNow;
        var contractStart = ThisMonth.Start + ((now - ThisMonth.Start) / 2);
        contractStart = new DateTimeOffset(contractStart.Year, contractStart.Month, contractStart.Day, contractStart.Hour, contractStart.Minute, contractStart.Second, TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Created, (await enterprise.SignAsync(Admin(), contractStart, ThisMonth.End.AddYears(1), Licence(LicenceProducts.DynoUnits, 0.01m, rateCents: 4000))).StatusCode);
        var producer = Client((await IssueTokenAsync("usage-producer")).Token);
        var ingested = await producer.PostEventsAsync(UsageEvents.Formation("f-" + Guid.NewGuid().ToString("N"), ThisMonth.Start, Guid.NewGuid(), enterprise.OpsTeam, 2));
        Assert.True(ingested.IsSuccessStatusCode, await ingested.Content.ReadAsStringAsync());
        var ops = BillableOwner.Team(enterprise.OpsTeam);
        Assert.True(await ConsumptionTests.MeasureAsync(Factory, new UsageRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow, ops, ThisMonth.Start, 1)));

        await using var rate = Factory.Services.CreateAsyncScope();
        var position = Assert.Single((await rate.ServiceProvider.GetRequiredService<ILicensePositions>().ForMonth(ops, ThisMonth, CancellationToken.None)).Positions);
        var invoice = await rate.ServiceProvider.GetRequiredService<OwnerRating>().RateAsync(ops, ThisMonth, CancellationToken.None);

        Assert.True(position.OwnerOverageCents > 0, $"overage {position.Overage}");
        var dynos = Assert.Single(invoice.Lines, l => l.Kind == LineKind.Dyno);
        Assert.Equal(2 * (long)(contractStart - ThisMonth.Start).TotalSeconds, dynos.Explanation.BillableSeconds); // list price up to the contract only
        var onDemand = Assert.Single(invoice.Lines, l => l.Kind == LineKind.OnDemand);
        Assert.Equal(position.OwnerOverageCents, onDemand.AmountCents);
        Assert.Equal(4000, onDemand.UnitPriceCents);
        Assert.Equal(dynos.AmountCents + onDemand.AmountCents, invoice.TotalCents);
    }
}
