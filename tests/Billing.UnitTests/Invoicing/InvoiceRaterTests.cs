using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain.Rating;

namespace Billing.UnitTests.Invoicing;

public sealed class InvoiceRaterTests
{
    private static readonly Guid App = Guid.NewGuid();
    private static readonly Guid Addon = Guid.NewGuid();
    private static readonly Guid Plan = Guid.NewGuid();
    private static readonly BillableOwner Owner = BillableOwner.Account(Guid.NewGuid());
    private static readonly BillingPeriod March = BillingPeriod.Month(2026, 3); // 31 days
    private static readonly BillingPeriod April = BillingPeriod.Month(2026, 4); // 30 days = the billing month

    private static DateTimeOffset At(int month, int day, int hour = 0) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static InvoiceRater Rater(params (long Cents, DateTimeOffset From)[] standardPrices) =>
        new(RatingPolicy.Legacy, new RateCardSnapshot(
            new Dictionary<string, PriceSchedule>
            {
                ["standard-1x"] = new(standardPrices.Length == 0 ? [new PriceVersionTerms(Guid.NewGuid(), 2500, DateTimeOffset.UnixEpoch)] : standardPrices.Select(p => new PriceVersionTerms(Guid.NewGuid(), p.Cents, p.From))),
                ["standard-2x"] = new([new PriceVersionTerms(Guid.NewGuid(), 5000, DateTimeOffset.UnixEpoch)]),
                ["eco"] = new([new PriceVersionTerms(Guid.NewGuid(), 0, DateTimeOffset.UnixEpoch)]),
            },
            new Dictionary<Guid, PlanTerms>
            {
                [Plan] = new(Plan, "papertrail:fixa", new PriceSchedule([new PriceVersionTerms(Guid.NewGuid(), 700, DateTimeOffset.UnixEpoch)])),
            }));

    private static DynoUsage Dyno(string size, int quantity, DateTimeOffset from, DateTimeOffset to, string process = "web") =>
        new(App, process, size, quantity, from, to, $"evt-{from:O}-{size}");

    private static RatingRequest Request(BillingPeriod period, params DynoUsage[] dynos) =>
        new(Owner, period, dynos, [], new Dictionary<Guid, string> { [App] = "shop" });

    [Fact]
    public void A_dyno_running_all_of_a_31_day_month_is_capped_at_its_monthly_price()
    {
        var invoice = Rater().Rate(Request(March, Dyno("standard-1x", 2, March.Start, March.End)));

        var line = Assert.Single(invoice.Lines);
        Assert.Equal(5000, line.AmountCents);
        Assert.True(line.Explanation.CapApplied);
        Assert.Equal(2.0666667m, line.QuantityMonths);
    }

    [Fact]
    public void Half_a_billing_month_costs_half_the_price_and_no_cap_applies()
    {
        var invoice = Rater().Rate(Request(April, Dyno("standard-1x", 1, At(4, 1), At(4, 16))));

        Assert.Equal(1250, Assert.Single(invoice.Lines).AmountCents);
        Assert.False(invoice.Lines[0].Explanation.CapApplied);
    }

    [Fact]
    public void Usage_across_a_month_boundary_is_split_at_midnight_UTC()
    {
        var usage = Dyno("standard-1x", 1, new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero));

        var march = Rater().Rate(Request(March, usage));
        var april = Rater().Rate(Request(April, usage));

        Assert.Equal(3600, march.Lines[0].Explanation.BillableSeconds);
        Assert.Equal(3600, april.Lines[0].Explanation.BillableSeconds);
        Assert.Equal(3, march.TotalCents); // 2500 × 3600 / 2 592 000 = 3.47 → 3
    }

    [Fact]
    public void A_dyno_resized_mid_month_is_two_lines_each_prorated_and_capped_by_its_own_quantity()
    {
        var invoice = Rater().Rate(Request(April,
            Dyno("standard-1x", 1, At(4, 1), At(4, 11)),
            Dyno("standard-2x", 1, At(4, 11), At(5, 1))));

        Assert.Equal(["shop web standard-1x", "shop web standard-2x"], invoice.Lines.Select(l => l.Description));
        Assert.Equal(833, invoice.Lines[0].AmountCents);  // 2500 × 10/30 = 833.33
        Assert.Equal(3333, invoice.Lines[1].AmountCents); // 5000 × 20/30 = 3333.33
        Assert.Equal(4166, invoice.TotalCents);
    }

    [Fact]
    public void The_cap_is_the_highest_quantity_of_the_month_times_the_price()
    {
        // 3 dynos for 20 days then 1 for 11 days of March: 71 dyno-days = 2.37 months, cap 3 × 2500.
        var invoice = Rater().Rate(Request(March,
            Dyno("standard-1x", 3, At(3, 1), At(3, 21)),
            Dyno("standard-1x", 1, At(3, 21), At(4, 1))));

        Assert.Equal(5917, Assert.Single(invoice.Lines).AmountCents); // 2500 × 71/30 = 5916.67
        Assert.False(invoice.Lines[0].Explanation.CapApplied);
    }

    [Fact]
    public void Eco_bought_on_the_20th_costs_the_full_flat_fee_and_no_per_dyno_line()
    {
        var invoice = Rater().Rate(Request(March, Dyno("eco", 1, At(3, 20, 15), At(4, 1))));

        var line = Assert.Single(invoice.Lines);
        Assert.Equal(LineKind.Eco, line.Kind);
        Assert.Equal(500, line.AmountCents);
    }

    [Fact]
    public void A_team_pays_no_Eco_fee()
    {
        var request = Request(March, Dyno("eco", 1, At(3, 1), At(4, 1))) with { };
        var invoice = Rater().Rate(new RatingRequest(BillableOwner.Team(Guid.NewGuid()), March, request.Dynos, [], request.AppNames));

        Assert.Empty(invoice.Lines);
    }

    [Fact]
    public void A_price_change_mid_period_splits_the_line_and_a_past_period_keeps_its_price()
    {
        var rater = Rater((2500, DateTimeOffset.UnixEpoch), (3000, At(4, 16)));

        var april = rater.Rate(Request(April, Dyno("standard-1x", 1, April.Start, April.End)));
        var march = rater.Rate(Request(March, Dyno("standard-1x", 1, March.Start, March.End)));

        Assert.Equal([2500L, 3000L], april.Lines.Select(l => l.UnitPriceCents));
        Assert.Equal([1250L, 1500L], april.Lines.Select(l => l.AmountCents));
        Assert.Equal(2500, Assert.Single(march.Lines).AmountCents);
    }

    [Fact]
    public void Usage_before_the_first_price_cannot_be_rated()
    {
        var rater = Rater((2500, At(3, 10)));

        Assert.Throws<UnratableUsageException>(() => rater.Rate(Request(March, Dyno("standard-1x", 1, At(3, 1), At(3, 20)))));
        Assert.Throws<UnratableUsageException>(() => rater.Rate(Request(March, Dyno("performance-xl", 1, At(3, 1), At(3, 20)))));
    }

    [Fact]
    public void An_add_on_changing_plan_is_prorated_per_plan_and_capped_at_the_plan_price()
    {
        var invoice = Rater().Rate(new RatingRequest(Owner, March, [],
            [new AddonUsage(App, Addon, Plan, true, At(2, 1), At(4, 1), "a1")], new Dictionary<Guid, string> { [App] = "shop" }));

        var line = Assert.Single(invoice.Lines);
        Assert.Equal("shop papertrail:fixa", line.Description);
        Assert.Equal(700, line.AmountCents);
        Assert.Equal(LineCategory.Addons, line.Category);
    }

    [Fact]
    public void Credits_are_applied_after_charges_and_an_expired_credit_is_not()
    {
        var credits = new[]
        {
            new AvailableCredit(Guid.NewGuid(), "expired mid-month", 10_000, At(1, 1), At(3, 15)),
            new AvailableCredit(Guid.NewGuid(), "valid", 1_000, At(1, 1), At(12, 1)),
        };

        var invoice = Rater().Rate(Request(March, Dyno("standard-1x", 1, March.Start, March.End)) with { Credits = credits });

        Assert.Equal(2500, invoice.ChargesCents);
        Assert.Equal(1000, invoice.CreditsCents);
        Assert.Equal(1500, invoice.TotalCents);
        Assert.Equal(credits[1].Id, Assert.Single(invoice.CreditDraws).CreditId);
    }

    [Fact]
    public void A_refund_larger_than_the_month_brings_the_invoice_to_zero_and_carries_the_rest_forward()
    {
        var credit = new AvailableCredit(Guid.NewGuid(), "promo", 1_000, At(1, 1), At(12, 1));
        var refund = new Adjustment(Guid.NewGuid(), null, "outage refund", -2000, "INC-42");
        var table = new TaxTable(new Dictionary<string, int> { ["SE"] = 2500 });

        var invoice = Rater().Rate(Request(April, Dyno("standard-1x", 1, At(4, 1), At(4, 16))) with
        {
            Adjustments = [refund],
            Credits = [credit],
            Tax = table.RateFor("SE", null),
        });

        Assert.Equal(
            [(LineKind.Dyno, 1250L), (LineKind.Adjustment, -2000L), (LineKind.CarriedForward, 750L)],
            invoice.Lines.Select(l => (l.Kind, l.AmountCents)));
        Assert.Equal(0, invoice.TotalCents);
        Assert.Equal(750, invoice.CarriedForwardCents);
        Assert.Equal(0, invoice.ChargesCents);
        Assert.Equal(0, invoice.CreditsCents); // nothing to pay, so no credit is drawn
        Assert.Empty(invoice.CreditDraws);
        Assert.Equal(0, invoice.TaxCents);
    }

    [Fact]
    public void A_refund_the_month_covers_carries_nothing()
    {
        var refund = new Adjustment(Guid.NewGuid(), null, "outage refund", -1250, "INC-42");

        var exact = Rater().Rate(Request(April, Dyno("standard-1x", 1, At(4, 1), At(4, 16))) with { Adjustments = [refund] });
        var smaller = Rater().Rate(Request(April, Dyno("standard-1x", 1, At(4, 1), At(4, 16))) with { Adjustments = [refund with { AmountCents = -300 }] });

        Assert.Equal((0L, 0L), (exact.TotalCents, exact.CarriedForwardCents));
        Assert.Equal((950L, 0L), (smaller.TotalCents, smaller.CarriedForwardCents));
        Assert.DoesNotContain(exact.Lines.Concat(smaller.Lines), l => l.Kind == LineKind.CarriedForward);
    }

    [Fact]
    public void A_monthly_cap_limits_a_credit_and_program_credits_skip_partner_add_ons()
    {
        var student = new AvailableCredit(Guid.NewGuid(), "student pack", 15_600, At(1, 1), At(12, 1), MonthlyCapCents: 1300, ExcludesPartnerAddons: true);
        var request = new RatingRequest(Owner, March, [Dyno("standard-1x", 1, At(3, 1), At(3, 4))],
            [new AddonUsage(App, Addon, Plan, true, At(3, 1), At(4, 1), "a1")], new Dictionary<Guid, string> { [App] = "shop" }) { Credits = [student] };

        var invoice = Rater().Rate(request);

        // Dynos 250 (3 days), papertrail 700 (partner): the program credit covers only the 250.
        Assert.Equal(950, invoice.ChargesCents);
        Assert.Equal(250, invoice.CreditsCents);
        var capped = Rater().Rate(Request(March, Dyno("standard-1x", 1, March.Start, March.End)) with { Credits = [student] });
        Assert.Equal(1300, capped.CreditsCents);
    }

    [Fact]
    public void Tax_is_charged_on_what_credits_leave_by_the_address_jurisdiction()
    {
        var table = new TaxTable(new Dictionary<string, int> { ["SE"] = 2500, ["US-WA"] = 650 });
        var credit = new AvailableCredit(Guid.NewGuid(), "gift", 500, At(1, 1), At(12, 1));

        var invoice = Rater().Rate(Request(March, Dyno("standard-1x", 1, March.Start, March.End)) with { Credits = [credit], Tax = table.RateFor("se", null) });

        Assert.Equal(500, invoice.TaxCents); // 25 % of 2000
        Assert.Equal(2500, invoice.TotalCents);
        Assert.Equal(650, table.RateFor("US", "wa")!.BasisPoints);
        Assert.Null(table.RateFor("US", "OR"));
        Assert.Null(TaxTable.None.RateFor("SE", null));
    }

    private static InvoiceRater PlanRater(params PriceVersionTerms[] versions) =>
        new(RatingPolicy.Legacy, new RateCardSnapshot(new Dictionary<string, PriceSchedule>(),
            new Dictionary<Guid, PlanTerms> { [Plan] = new(Plan, "heroku-postgresql:essential-0", new PriceSchedule(versions)) }));

    private static RatingRequest AddonRequest(BillingPeriod period, decimal meteredUnits = 0) =>
        new(Owner, period, [], [new AddonUsage(App, Addon, Plan, true, period.Start, period.End, "a1")], new Dictionary<Guid, string> { [App] = "shop" })
        {
            Metered = meteredUnits > 0 ? [new MeteredUsage(App, Addon, meteredUnits, 3)] : [],
        };

    [Fact]
    public void A_later_version_that_makes_a_plan_metered_or_contract_leaves_a_past_period_billed_by_time()
    {
        var byTime = new PriceVersionTerms(Guid.NewGuid(), 700, DateTimeOffset.UnixEpoch);
        var laterMetered = new PriceVersionTerms(Guid.NewGuid(), 3, At(5, 1)) { Metered = true, IncludedUnits = 1000 };
        var laterContract = new PriceVersionTerms(Guid.NewGuid(), 0, At(5, 1)) { Contract = true };

        Assert.Equal(700, PlanRater(byTime, laterMetered).Rate(AddonRequest(March, meteredUnits: 5000)).TotalCents);
        Assert.Equal(700, PlanRater(byTime, laterContract).Rate(AddonRequest(March)).TotalCents);
        Assert.Equal(0, PlanRater(byTime, laterContract).Rate(AddonRequest(BillingPeriod.Month(2026, 5))).TotalCents);
    }

    [Fact]
    public void A_plan_becoming_contract_mid_month_is_billed_by_time_only_until_then()
    {
        var rater = PlanRater(new PriceVersionTerms(Guid.NewGuid(), 700, DateTimeOffset.UnixEpoch), new PriceVersionTerms(Guid.NewGuid(), 700, At(4, 16)) { Contract = true });

        var line = Assert.Single(rater.Rate(AddonRequest(April)).Lines);

        Assert.Equal(350, line.AmountCents); // 15 of 30 days
    }

    [Fact]
    public void Metered_units_beyond_the_included_ones_are_charged_at_the_metered_version_in_force()
    {
        var rater = PlanRater(
            new PriceVersionTerms(Guid.NewGuid(), 700, DateTimeOffset.UnixEpoch),
            new PriceVersionTerms(Guid.NewGuid(), 3, At(3, 1)) { Metered = true, IncludedUnits = 1000 });

        var over = rater.Rate(AddonRequest(April, meteredUnits: 1500));
        var within = rater.Rate(AddonRequest(April, meteredUnits: 800));

        var line = Assert.Single(over.Lines);
        Assert.Equal((LineKind.Metered, 1500L), (line.Kind, line.AmountCents)); // (1500 − 1000) × 3 cents, no charge for the provisioned time
        Assert.Contains("1000 included", line.Explanation.Rule, StringComparison.Ordinal);
        Assert.Empty(within.Lines);
    }

    [Fact]
    public void A_team_under_contract_pays_list_price_only_outside_the_covered_stretch_plus_its_share_of_the_On_demand_overage()
    {
        var team = BillableOwner.Team(Guid.NewGuid());
        var licence = new LicenceCoverage([(At(4, 11), At(5, 1))], [new OnDemandOverage("dyno_units", 1.33m, 2.5m, 2m, 1.17m, 4000, 4680, 3744)]);
        var request = new RatingRequest(team, April, [Dyno("standard-1x", 2, April.Start, April.End)], [], new Dictionary<Guid, string> { [App] = "shop" }) { Licence = licence };

        var invoice = Rater().Rate(request);

        Assert.Equal(["shop web standard-1x", "On-demand dyno units: 1.17 over 1.33 licensed"], invoice.Lines.Select(l => l.Description));
        Assert.Equal(1667, invoice.Lines[0].AmountCents); // 2 dynos × 2500 × 10 of 30 days, the uncovered stretch only
        Assert.Equal((LineKind.OnDemand, LineCategory.Platform, 3744L), (invoice.Lines[1].Kind, invoice.Lines[1].Category, invoice.Lines[1].AmountCents));
        Assert.Equal(1667 + 3744, invoice.TotalCents);
    }

    [Fact]
    public void A_contract_that_does_not_license_dynos_leaves_them_at_list_price_and_covers_data_add_ons()
    {
        var team = BillableOwner.Team(Guid.NewGuid());
        var rater = new InvoiceRater(RatingPolicy.Legacy with { DataAddonServices = ["heroku-postgresql"] }, new RateCardSnapshot(
            new Dictionary<string, PriceSchedule> { ["standard-1x"] = new([new PriceVersionTerms(Guid.NewGuid(), 2500, DateTimeOffset.UnixEpoch)]) },
            new Dictionary<Guid, PlanTerms> { [Plan] = new(Plan, "heroku-postgresql:essential-0", new PriceSchedule([new PriceVersionTerms(Guid.NewGuid(), 500, DateTimeOffset.UnixEpoch)])) }));
        var licence = new LicenceCoverage([(April.Start, April.End)], [new OnDemandOverage("data_credits", 10m, 4m, 4m, 0m, 100, 0, 0)]);
        var request = new RatingRequest(team, April, [Dyno("standard-1x", 1, April.Start, April.End)],
            [new AddonUsage(App, Addon, Plan, true, April.Start, April.End, "a1")], new Dictionary<Guid, string> { [App] = "shop" }) { Licence = licence };

        var invoice = rater.Rate(request);

        Assert.Equal(["shop web standard-1x"], invoice.Lines.Select(l => l.Description));
        Assert.Equal(2500, invoice.TotalCents);
    }
}
