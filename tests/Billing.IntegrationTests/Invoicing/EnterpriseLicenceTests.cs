using System.Net;
using System.Text.Json;
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
using Microsoft.AspNetCore.Mvc.Testing;
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
        await SeedPricesAsync();

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

    /// <summary>
    /// Consumption is measured when usage arrives, up to that moment. A team whose dynos then run to the end of the month
    /// without another event must still be billed the overage of the whole month: a figure measured on the 2nd, or even
    /// an hour before the end, is measured again through the month's end before the month is billed (ADR 0054).
    /// </summary>
    [Fact]
    public async Task Consumption_measured_before_the_month_ended_is_measured_through_its_end_before_the_month_is_billed()
    {
        await SeedPricesAsync();
        await using var setUp = await UnderContractFromOctoberAsync(Fixture, Factory, dynoUnits: 0.5m, rateCents: 4000);
        var (october, clock, host, enterprise, producer) = setUp;
        var ingested = await producer.PostEventsAsync(UsageEvents.Formation("f-" + Guid.NewGuid().ToString("N"), october.Start, Guid.NewGuid(), enterprise.OpsTeam, 10));
        Assert.True(ingested.IsSuccessStatusCode, await ingested.Content.ReadAsStringAsync());
        var ops = BillableOwner.Team(enterprise.OpsTeam);
        Assert.True(await ConsumptionTests.MeasureAsync(host, new UsageRecorded(Guid.NewGuid(), clock.GetUtcNow(), ops, october.Start, 1)));
        Assert.Equal(0.32m, await PoolConsumedAsync(host, ops, october)); // ten dynos for one day of 31: under the licence

        // Measured again just under an hour before the end: within the running month's allowed age, so read as it is.
        clock.SetUtcNow(october.End.AddSeconds(-3590));
        Assert.True(await ConsumptionTests.MeasureAsync(host, new UsageRecorded(Guid.NewGuid(), clock.GetUtcNow(), ops, october.Start, 1)));
        Assert.Equal(9.99m, await PoolConsumedAsync(host, ops, october));

        clock.SetUtcNow(october.End.AddSeconds(5));
        await using var rate = host.Services.CreateAsyncScope();
        var invoice = await rate.ServiceProvider.GetRequiredService<OwnerRating>().RateAsync(ops, october, CancellationToken.None);

        // Ten dynos all month: 10.00 dyno units against 0.50 licensed, 9.50 × 40.00 On-demand (9.49 as last measured).
        var onDemand = Assert.Single(invoice.Lines, l => l.Kind == LineKind.OnDemand);
        Assert.Equal(38000, onDemand.AmountCents);
        Assert.Equal(10.00m, await PoolConsumedAsync(host, ops, october));
    }

    private static async Task<decimal> PoolConsumedAsync(WebApplicationFactory<Program> host, BillableOwner owner, BillingPeriod month)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var positions = await scope.ServiceProvider.GetRequiredService<ILicensePositions>().ForMonth(owner, month, CancellationToken.None);
        return Assert.Single(positions.Positions, p => p.Product == LicenceProducts.DynoUnits).PoolConsumed;
    }

    /// <summary>
    /// A partition's owners are rated with Licensing's positions read for all of them at once: each team of each
    /// enterprise account gets exactly what it would alone (its own account's contract, its share of that pool), and
    /// a team outside any enterprise account or a personal account gets none.
    /// </summary>
    [Fact]
    public async Task A_partition_of_teams_of_two_enterprise_accounts_is_rated_against_each_ones_own_contract()
    {
        await SeedPricesAsync();

        var acme = new EnterpriseFixtures(Factory);
        var globex = new EnterpriseFixtures(Factory);
        await acme.ImportAsync();
        await globex.ImportAsync();
        Assert.Equal(HttpStatusCode.Created, (await acme.SignAsync(Admin(), ThisMonth.Start, ThisMonth.End.AddYears(1), Licence(LicenceProducts.DynoUnits, 1m, rateCents: 4000))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await globex.SignAsync(Admin(), ThisMonth.Start.AddDays(10), ThisMonth.End.AddYears(1), Licence(LicenceProducts.DynoUnits, 2m, rateCents: 3000))).StatusCode);
        await acme.RecordConsumptionAsync(acme.OpsTeam, ThisMonth, LicenceProducts.DynoUnits, 3m);
        await acme.RecordConsumptionAsync(acme.DataTeam, ThisMonth, LicenceProducts.DynoUnits, 1m);
        await globex.RecordConsumptionAsync(globex.OpsTeam, ThisMonth, LicenceProducts.DynoUnits, 5m);
        // Every team of an account has a figure measured just now, so positions read these rather than measure again (ADR 0054).
        await globex.RecordConsumptionAsync(globex.DataTeam, ThisMonth, LicenceProducts.DynoUnits, 0m);

        var plainTeam = Guid.NewGuid();
        var account = Guid.NewGuid();
        BillableOwner[] owners = [
            BillableOwner.Team(acme.OpsTeam), BillableOwner.Team(acme.DataTeam), BillableOwner.Team(globex.OpsTeam), BillableOwner.Team(globex.DataTeam),
            BillableOwner.Team(plainTeam), BillableOwner.Account(account)];
        var producer = Client((await IssueTokenAsync("usage-producer")).Token);
        foreach (var owner in owners)
        {
            var ingested = await producer.PostEventsAsync(new
            {
                id = "f-" + Guid.NewGuid().ToString("N"),
                occurred_at = UsageEvents.At(ThisMonth.Start),
                owner = new { type = owner.Kind == BillableOwnerKind.Team ? "team" : "account", id = owner.Id },
                app_id = Guid.NewGuid(),
                metric = "formation.quantity",
                process_type = "web",
                size = "standard-1x",
                value = 2,
            });
            Assert.True(ingested.IsSuccessStatusCode, await ingested.Content.ReadAsStringAsync());
        }

        await using var scoped = Factory.Services.CreateAsyncScope();
        var licences = scoped.ServiceProvider.GetRequiredService<ILicensePositions>();
        var together = await licences.ForMonth(owners, ThisMonth, CancellationToken.None);
        Assert.Equal(owners.Length, together.Count);
        foreach (var owner in owners)
        {
            await using var alone = Factory.Services.CreateAsyncScope();
            var own = await alone.ServiceProvider.GetRequiredService<ILicensePositions>().ForMonth(owner, ThisMonth, CancellationToken.None);
            Assert.Equal(JsonSerializer.Serialize(own), JsonSerializer.Serialize(together[owner]));
        }

        Assert.Equal(acme.AccountId, together[BillableOwner.Team(acme.DataTeam)].EnterpriseAccountId);
        Assert.Equal(globex.AccountId, together[BillableOwner.Team(globex.OpsTeam)].EnterpriseAccountId);
        Assert.Null(together[BillableOwner.Team(plainTeam)].EnterpriseAccountId);
        Assert.Empty(together[BillableOwner.Account(account)].Positions);

        var rated = await scoped.ServiceProvider.GetRequiredService<OwnerRating>().RateManyAsync(owners, ThisMonth, RatingOccasion.Preview, CancellationToken.None);
        Assert.Equal(owners.Length, rated.Count);
        foreach (var outcome in rated)
        {
            Assert.Null(outcome.Failure);
            await using var alone = Factory.Services.CreateAsyncScope();
            var own = await alone.ServiceProvider.GetRequiredService<OwnerRating>().RateAsync(outcome.Owner, ThisMonth, CancellationToken.None);
            Assert.Equal(own.TotalCents, outcome.Invoice!.TotalCents);
            Assert.Equal(
                own.Lines.Select(l => (l.Kind, l.AmountCents, l.UnitPriceCents)),
                outcome.Invoice.Lines.Select(l => (l.Kind, l.AmountCents, l.UnitPriceCents)));
        }

        // The two accounts' pools differ (acme's from the 1st at 40.00, globex's from the 11th at 30.00): each team is charged its own.
        var acmeOnDemand = Assert.Single(rated.Single(r => r.Owner == BillableOwner.Team(acme.OpsTeam)).Invoice!.Lines, l => l.Kind == LineKind.OnDemand);
        var globexOnDemand = Assert.Single(rated.Single(r => r.Owner == BillableOwner.Team(globex.OpsTeam)).Invoice!.Lines, l => l.Kind == LineKind.OnDemand);
        Assert.Equal(4000, acmeOnDemand.UnitPriceCents);
        Assert.Equal(3000, globexOnDemand.UnitPriceCents);
        Assert.DoesNotContain(rated.Single(r => r.Owner == BillableOwner.Team(plainTeam)).Invoice!.Lines, l => l.Kind == LineKind.OnDemand);
    }

    /// <summary>Licensing's catalogue and Invoicing's rate for standard-1x dynos (25.00 a month, one dyno unit).</summary>
    private async Task SeedPricesAsync()
    {
        await EntitlementTests.SeedCatalogueAsync(Factory);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        db.DynoSizeRates.Add(new DynoSizeRate(Guid.NewGuid(), "standard-1x", 2500, 1m, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
        await db.SaveChangesAsync();
    }
}
