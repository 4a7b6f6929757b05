using System.Net;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Messaging;
using Billing.IntegrationTests.Infrastructure;
using Billing.Licensing.Backfill;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Entitlements;
using Billing.Licensing.Persistence;
using Billing.Payments.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Licensing.EnterpriseFixtures;

namespace Billing.IntegrationTests.Licensing;

/// <summary>"May team T scale size S to N / provision plan P?": each deny reason, and a cache that follows Licensing's changes.</summary>
public sealed class EntitlementTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private const string Plan = "heroku-postgresql:essential-0";

    [Fact]
    public async Task A_team_outside_any_enterprise_account_is_allowed_at_list_price()
    {
        await SeedCatalogueAsync(Factory);

        var decision = await CheckAsync(Admin(), $"/teams/{Guid.NewGuid()}/entitlements/dyno-sizes/standard-1x?quantity=50");

        Assert.True(decision.Allowed);
        Assert.Equal(EntitlementReasons.SelfServe, decision.Reason);
    }

    [Fact]
    public async Task No_license_when_the_account_has_no_contract_or_the_contract_does_not_license_the_product()
    {
        await SeedCatalogueAsync(Factory);
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var admin = Admin();
        var withoutContract = await CheckAsync(admin, $"/teams/{enterprise.OpsTeam}/entitlements/dyno-sizes/standard-1x");

        await enterprise.SignAsync(admin, ThisMonth.Start, ThisMonth.End.AddYears(1), Licence(LicenceProducts.DynoUnits, 100));
        var dynos = await CheckAsync(admin, $"/teams/{enterprise.OpsTeam}/entitlements/dyno-sizes/standard-1x?quantity=2");
        var plan = await CheckAsync(admin, $"/teams/{enterprise.AccountName}-ops/entitlements/plans/{Plan}");

        Assert.Equal((false, EntitlementReasons.NoLicense), (withoutContract.Allowed, withoutContract.Reason));
        Assert.Equal((true, EntitlementReasons.Licensed), (dynos.Allowed, dynos.Reason));
        Assert.Equal((false, EntitlementReasons.NoLicense), (plan.Allowed, plan.Reason));
    }

    [Fact]
    public async Task Contract_ended_once_the_last_contract_is_over()
    {
        await SeedCatalogueAsync(Factory);
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var admin = Admin();
        var endsAt = DateTimeOffset.UtcNow.AddSeconds(3);
        Assert.Equal(HttpStatusCode.Created, (await enterprise.SignAsync(admin, ThisMonth.Start, endsAt, Licence(LicenceProducts.DynoUnits, 100))).StatusCode);
        var before = await CheckAsync(admin, $"/teams/{enterprise.OpsTeam}/entitlements/dyno-sizes/standard-1x");

        await Task.Delay(endsAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));
        var after = await CheckAsync(admin, $"/teams/{enterprise.OpsTeam}/entitlements/dyno-sizes/standard-1x");

        Assert.True(before.Allowed);
        // The cached answer is only good until the contract's end, so it flips without any event.
        Assert.Equal((false, EntitlementReasons.ContractEnded), (after.Allowed, after.Reason));
    }

    [Fact]
    public async Task Over_hard_limit_when_the_rest_of_the_month_would_pass_the_licence_and_allowed_below_it()
    {
        await SeedCatalogueAsync(Factory);
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var admin = Admin();
        await enterprise.SignAsync(admin, ThisMonth.Start, ThisMonth.End.AddYears(1), Licence(LicenceProducts.DynoUnits, 10, hardLimit: true), Licence(LicenceProducts.AddonCredits, 1000));
        await enterprise.RecordConsumptionAsync(enterprise.DataTeam, ThisMonth, LicenceProducts.DynoUnits, 9m);
        var remaining = (decimal)(ThisMonth.End - DateTimeOffset.UtcNow).TotalSeconds / ThisMonth.Seconds;
        // standard-1x is 1 dyno unit: N dynos for the rest of the month add N × remaining to the 9 consumed.
        var tooMany = (int)Math.Ceiling(2 / remaining);
        var fewEnough = (int)Math.Floor(0.5m / remaining);

        var denied = await CheckAsync(admin, $"/teams/{enterprise.OpsTeam}/entitlements/dyno-sizes/standard-1x?quantity={tooMany}");
        var allowed = await CheckAsync(admin, $"/teams/{enterprise.OpsTeam}/entitlements/dyno-sizes/standard-1x?quantity={fewEnough}");
        var addon = await CheckAsync(admin, $"/teams/{enterprise.OpsTeam}/entitlements/plans/{Plan}");

        Assert.Equal((false, EntitlementReasons.OverHardLimit), (denied.Allowed, denied.Reason));
        Assert.Equal((true, EntitlementReasons.Licensed), (allowed.Allowed, allowed.Reason));
        // General add-on credits cover a Heroku data plan when no data credits are licensed.
        Assert.Equal((true, EntitlementReasons.Licensed), (addon.Allowed, addon.Reason));
    }

    [Fact]
    public async Task Delinquent_as_Payments_reports_it_and_allowed_again_once_paid()
    {
        await SeedCatalogueAsync(Factory);
        var team = Guid.NewGuid();
        var admin = Admin();
        var path = $"/teams/{team}/entitlements/plans/{Plan}";
        Assert.True((await CheckAsync(admin, path)).Allowed);

        await DeliverAsync(new BillingEntityDelinquencyChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, BillableOwner.Team(team), DateTimeOffset.UtcNow.AddDays(-20)));
        var delinquent = await CheckAsync(admin, path);
        await DeliverAsync(new BillingEntityDelinquencyChanged(Guid.NewGuid(), DateTimeOffset.UtcNow.AddSeconds(1), BillableOwner.Team(team), null));
        var paid = await CheckAsync(admin, path);

        Assert.Equal((false, EntitlementReasons.Delinquent), (delinquent.Allowed, delinquent.Reason));
        Assert.Equal((true, EntitlementReasons.SelfServe), (paid.Allowed, paid.Reason));
    }

    [Fact]
    public async Task A_contract_change_reaches_the_cache_when_it_commits_without_waiting_for_the_snapshot_to_age()
    {
        await using var factory = Fixture.CreateFactory(new Dictionary<string, string?> { ["Licensing:Entitlements:MaxAge"] = "01:00:00" });
        await SeedCatalogueAsync(factory);
        var enterprise = new EnterpriseFixtures(factory);
        await enterprise.ImportAsync();
        var admin = ApiClients.Create(factory, BillingApiFactory.AdminToken);
        var signed = await (await enterprise.SignAsync(admin, ThisMonth.Start, ThisMonth.End.AddYears(1), Licence(LicenceProducts.DynoUnits, 100))).JsonAsync();
        var path = $"/teams/{enterprise.OpsTeam}/entitlements/plans/{Plan}";
        var before = await CheckAsync(admin, path);

        await admin.PostAsJsonAsync($"/admin/licensing/contracts/{signed.GetProperty("id").GetGuid()}/amendments",
            new { licences = new[] { Licence(LicenceProducts.DynoUnits, 100), Licence(LicenceProducts.DataCredits, 50) }, reason = "adds Postgres" });
        var after = await CheckAsync(admin, path);

        Assert.Equal(EntitlementReasons.NoLicense, before.Reason);
        Assert.Equal((true, EntitlementReasons.Licensed), (after.Allowed, after.Reason));
    }

    [Fact]
    public async Task Unknown_sizes_or_plans_and_bad_quantities_are_422_and_another_customers_team_is_404()
    {
        await SeedCatalogueAsync(Factory);
        var admin = Admin();
        var team = Guid.NewGuid();
        var customer = ApiClients.Create(Factory, (await IssueTokenAsync("customer", Guid.NewGuid())).Token);

        var unknownSize = await admin.GetAsync($"/teams/{team}/entitlements/dyno-sizes/huge-99x");
        var unknownPlan = await admin.GetAsync($"/teams/{team}/entitlements/plans/no:such");
        var negative = await admin.GetAsync($"/teams/{team}/entitlements/dyno-sizes/standard-1x?quantity=-1");
        var foreign = await customer.GetAsync($"/teams/{team}/entitlements/dyno-sizes/standard-1x");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownSize.StatusCode);
        Assert.Equal("dyno_size", (await unknownSize.JsonAsync()).GetProperty("fields")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownPlan.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, negative.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    /// <summary>standard-1x (1 dyno unit) and a Heroku Postgres plan at $5; the caches start empty (the database was just reset under them).</summary>
    internal static async Task SeedCatalogueAsync(BillingApiFactory factory)
    {
        factory.Services.GetRequiredService<EntitlementCache>().InvalidateAll();
        Assert.Equal(HttpStatusCode.Created, (await ApiClients.Create(factory, BillingApiFactory.AdminToken).PublishDynoSizeAsync("standard-1x", cents: 2500, units: 1m)).StatusCode);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LicensingDbContext>();
        var serviceId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        await new LegacyPriceBookImport(TimeProvider.System).UpsertAsync(db, [
            new LegacyPriceBookEntry(null, new LegacyAddonServiceEntry(serviceId, "heroku-postgresql", "Heroku Postgres", null, "ga", true, true, [], at, at), null),
            new LegacyPriceBookEntry(null, null, new LegacyPlanEntry(Guid.NewGuid(), serviceId, Plan, "Essential 0", "", null, true, false, true, false, "public", true, 500, "month", false, false, at, at)),
        ], CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private static async Task<EntitlementDecision> CheckAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        return new EntitlementDecision(json.GetProperty("allowed").GetBoolean(), json.GetProperty("reason").GetString()!, json.GetProperty("message").GetString()!);
    }

    private async Task DeliverAsync(BillingEntityDelinquencyChanged changed)
    {
        var deliverer = Factory.Services.GetRequiredService<IntegrationEventDeliverer>();
        foreach (var handler in Factory.Services.GetRequiredService<IntegrationEventHandlerRegistry>().HandlersOf(typeof(BillingEntityDelinquencyChanged)))
        {
            await deliverer.DeliverToAsync(handler, changed, CancellationToken.None);
        }
    }
}
