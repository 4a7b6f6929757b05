using System.Net;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Infrastructure;
using Billing.Licensing.Contracts.Enterprise;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Licensing.EnterpriseFixtures;

namespace Billing.IntegrationTests.Licensing;

/// <summary>Enterprise contracts: versioned amendments, early ends that split a month, and what Invoicing reads of them.</summary>
public sealed class ContractTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task An_amendment_is_a_new_version_from_its_instant_and_earlier_instants_keep_the_signed_terms()
    {
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var staff = Admin();
        var signed = await enterprise.SignAsync(staff, ThisMonth.Start, ThisMonth.Start.AddYears(1), Licence(LicenceProducts.DynoUnits, 100), Licence(LicenceProducts.DataCredits, 500));
        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        var id = (await signed.JsonAsync()).GetProperty("id").GetGuid();
        var amendAt = NextMonth.Start;

        var amended = await staff.PostAsJsonAsync($"/admin/licensing/contracts/{id}/amendments",
            new { effective_from = Iso(amendAt), licences = new[] { Licence(LicenceProducts.DynoUnits, 150, rateCents: 3500) }, reason = "upsell: 50 more dyno units" });

        Assert.Equal(HttpStatusCode.Created, amended.StatusCode);
        var contract = await amended.JsonAsync();
        Assert.Equal(2, contract.GetProperty("version").GetInt32());
        var versions = contract.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(["signed", "amended"], versions.Select(v => v.GetProperty("change").GetString()));
        Assert.Equal("upsell: 50 more dyno units", versions[1].GetProperty("reason").GetString());
        // This month still has the signed terms (both products); next month only the amended one.
        var thisMonth = await PositionsAsync(enterprise.OpsTeam, ThisMonth);
        var nextMonth = await PositionsAsync(enterprise.OpsTeam, NextMonth);
        Assert.Equal([(LicenceProducts.DynoUnits, 100m, 4000L), (LicenceProducts.DataCredits, 500m, 4000L)], thisMonth.Positions.Select(p => (p.Product, p.Licensed, p.OnDemandRateCents)));
        Assert.Equal([(LicenceProducts.DynoUnits, 150m, 3500L)], nextMonth.Positions.Select(p => (p.Product, p.Licensed, p.OnDemandRateCents)));
        Assert.Equal([2], nextMonth.Segments.Select(s => s.ContractVersion));
        Assert.Equal(2, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.contract_changed.v1'"));
        Assert.Equal(2, await Fixture.CountAsync("licensing.contract_versions"));
    }

    [Fact]
    public async Task Ending_a_contract_mid_month_splits_that_month_and_prorates_the_licence_and_the_overage()
    {
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var staff = Admin();
        var signed = await enterprise.SignAsync(staff, ThisMonth.Start, ThisMonth.Start.AddYears(1), Licence(LicenceProducts.DynoUnits, 100, rateCents: 4000));
        var id = (await signed.JsonAsync()).GetProperty("id").GetGuid();
        var month = NextMonth;
        var endsAt = month.Start.AddSeconds(month.Seconds / 2);

        var ended = await staff.PostAsJsonAsync($"/admin/licensing/contracts/{id}/end", new { ends_at = Iso(endsAt), reason = "customer moved to self-serve" });

        Assert.Equal(HttpStatusCode.Created, ended.StatusCode);
        Assert.Equal("ended", (await ended.JsonAsync()).GetProperty("versions")[1].GetProperty("change").GetString());
        // The ops team used 40 and the data team 20 dyno units while covered: 60 against a half-month licence of 50.
        await enterprise.RecordConsumptionAsync(enterprise.OpsTeam, month, LicenceProducts.DynoUnits, 40m);
        await enterprise.RecordConsumptionAsync(enterprise.DataTeam, month, LicenceProducts.DynoUnits, 20m);
        var ops = await PositionsAsync(enterprise.OpsTeam, month);
        var data = await PositionsAsync(enterprise.DataTeam, month);

        Assert.Equal([(month.Start, endsAt, (Guid?)id), (endsAt, month.End, null)], ops.Segments.Select(s => (s.Period.Start, s.Period.End, s.ContractId)));
        var position = Assert.Single(ops.Positions);
        Assert.Equal(50m, position.Licensed);
        Assert.Equal(60m, position.PoolConsumed);
        Assert.Equal(10m, position.Overage);
        Assert.Equal(40_000, position.PoolOverageCents);
        // Shares follow consumption (40:20) and add up to the pool's overage.
        Assert.Equal(26_667, position.OwnerOverageCents);
        Assert.Equal(13_333, Assert.Single(data.Positions).OwnerOverageCents);
        // The month before the end is untouched: a whole month licensed, one segment.
        var before = await PositionsAsync(enterprise.OpsTeam, ThisMonth);
        Assert.Equal(100m, Assert.Single(before.Positions).Licensed);
        Assert.Single(before.Segments);
        // Over HTTP, support staff see the same figures.
        var http = await (await staff.GetAsync($"/admin/licensing/teams/{enterprise.OpsTeam}/license-positions?month={month.Start:yyyy-MM}")).JsonAsync();
        Assert.Equal(2, http.GetProperty("segments").GetArrayLength());
    }

    [Fact]
    public async Task A_team_outside_any_enterprise_account_gets_one_uncovered_segment_and_no_positions()
    {
        var positions = await PositionsAsync(Guid.NewGuid(), ThisMonth);

        var segment = Assert.Single(positions.Segments);
        Assert.Null(segment.ContractId);
        Assert.Equal(ThisMonth, segment.Period);
        Assert.Empty(positions.Positions);
    }

    [Fact]
    public async Task Overlapping_contracts_are_refused_with_field_errors_and_nothing_is_saved()
    {
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var staff = Admin();
        Assert.Equal(HttpStatusCode.Created, (await enterprise.SignAsync(staff, ThisMonth.Start, NextMonth.End, Licence(LicenceProducts.DynoUnits, 10))).StatusCode);

        var overlapping = await enterprise.SignAsync(staff, NextMonth.Start, NextMonth.End.AddMonths(6), Licence(LicenceProducts.DynoUnits, 10));
        var adjacent = await enterprise.SignAsync(staff, NextMonth.End, NextMonth.End.AddMonths(6), Licence(LicenceProducts.DynoUnits, 10));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, overlapping.StatusCode);
        Assert.Equal(["starts_at", "ends_at"], await FieldsAsync(overlapping));
        // Half-open spans: a contract may start exactly where the previous one ends.
        Assert.Equal(HttpStatusCode.Created, adjacent.StatusCode);
        Assert.Equal(2, await Fixture.CountAsync("licensing.contracts"));
        Assert.Equal(2, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.contract_changed.v1'"));
    }

    [Fact]
    public async Task Negative_quantities_unknown_products_and_past_dates_name_every_field_and_save_nothing()
    {
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var staff = Admin();

        var bad = await staff.PostAsJsonAsync($"/admin/licensing/enterprise-accounts/{enterprise.AccountName}/contracts", new
        {
            reference = "SF-1",
            starts_at = Iso(ThisMonth.Start.AddMonths(-1)),
            ends_at = Iso(ThisMonth.End),
            licences = new[] { Licence("gold_bars", 1), Licence(LicenceProducts.DynoUnits, -5, rateCents: -1) },
        });
        var signed = await enterprise.SignAsync(staff, ThisMonth.Start, ThisMonth.End.AddMonths(3), Licence(LicenceProducts.DynoUnits, 10));
        var id = (await signed.JsonAsync()).GetProperty("id").GetGuid();
        var pastAmendment = await staff.PostAsJsonAsync($"/admin/licensing/contracts/{id}/amendments",
            new { effective_from = Iso(DateTimeOffset.UtcNow.AddDays(-1)), licences = new[] { Licence(LicenceProducts.DynoUnits, 1) }, reason = "retroactive" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(["starts_at", "licences[0].product", "licences[1].monthly_quantity", "licences[1].on_demand_rate.cents", "reason"], await FieldsAsync(bad));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pastAmendment.StatusCode);
        Assert.Equal(["effective_from"], await FieldsAsync(pastAmendment));
        Assert.Equal(1, await Fixture.CountAsync("licensing.contracts"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.contract_versions"));
    }

    [Fact]
    public async Task Contracts_are_for_staff_and_an_unknown_enterprise_account_is_404()
    {
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var customer = ApiClients.Create(Factory, (await IssueTokenAsync("customer", Guid.NewGuid())).Token);

        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.SignAsync(customer, ThisMonth.Start, ThisMonth.End, Licence(LicenceProducts.DynoUnits, 1))).StatusCode);
        var unknown = await Admin().PostAsJsonAsync("/admin/licensing/enterprise-accounts/no-such-account/contracts",
            new { reference = "SF-1", starts_at = Iso(ThisMonth.Start), ends_at = Iso(ThisMonth.End), licences = new[] { Licence(LicenceProducts.DynoUnits, 1) }, reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, await Fixture.CountAsync("licensing.contracts"));
    }

    [Fact]
    public async Task Staff_record_an_enterprise_account_and_its_teams_and_bad_input_is_422()
    {
        var staff = Admin();
        var account = Guid.NewGuid();
        var team = Guid.NewGuid();

        var recorded = await staff.PutAsJsonAsync($"/admin/licensing/enterprise-accounts/{account}", new { name = "globex", teams = new[] { new { id = team, name = "globex-web" } } });
        var bad = await staff.PutAsJsonAsync($"/admin/licensing/enterprise-accounts/{Guid.NewGuid()}", new { teams = new[] { new { name = "x" } } });
        var signed = await staff.PostAsJsonAsync("/admin/licensing/enterprise-accounts/globex/contracts",
            new { reference = "SF-9", starts_at = Iso(ThisMonth.Start), ends_at = Iso(NextMonth.End), licences = new[] { Licence(LicenceProducts.DynoUnits, 5) }, reason = "new customer" });

        Assert.Equal(HttpStatusCode.NoContent, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(["name", "teams[0].id"], await FieldsAsync(bad));
        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        Assert.Equal(5m, Assert.Single((await PositionsAsync(team, ThisMonth)).Positions).Licensed);
        Assert.Equal(1, await Fixture.CountAsync("licensing.enterprise_accounts"));
    }

    private async Task<MonthlyLicensePositions> PositionsAsync(Guid team, BillingPeriod month)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ILicensePositions>().ForMonth(BillableOwner.Team(team), month, CancellationToken.None);
    }

    private static async Task<List<string?>> FieldsAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).ToList();
}
