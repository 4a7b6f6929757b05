using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;

namespace Billing.UnitTests.Domain;

public sealed class ContractMonthTests
{
    private static readonly BillingPeriod March = BillingPeriod.Month(2027, 3);
    private static readonly DateTimeOffset Signed = new(2027, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private static Contract Sign(DateTimeOffset start, DateTimeOffset end, decimal dynoUnits = 100) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "SF-1", new ContractTerms(start, end, [new ContractLicence(LicenceProducts.DynoUnits, dynoUnits, 4000, false)]),
            new ContractAudit("test", "signed", Signed));

    [Fact]
    public void A_contract_covering_the_whole_month_is_one_segment_with_the_whole_licence()
    {
        var contract = Sign(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var stretches = ContractMonth.Stretches([contract], March);

        Assert.Equal(March, Assert.Single(stretches).Period);
        Assert.Equal(100m, LicenceArithmetic.Licensed(stretches, March)[LicenceProducts.DynoUnits]);
    }

    [Fact]
    public void An_end_recorded_earlier_for_mid_month_splits_the_month_and_the_licence_by_seconds()
    {
        var contract = Sign(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero), dynoUnits: 310);
        var endsAt = new DateTimeOffset(2027, 3, 11, 0, 0, 0, TimeSpan.Zero);
        contract.Amend(ContractChanges.Ended, Signed.AddDays(20), contract.Current.Terms with { EndsAt = endsAt }, new ContractAudit("test", "ended", Signed.AddDays(20)));

        var stretches = ContractMonth.Stretches([contract], March);

        Assert.Equal([(March.Start, endsAt, true), (endsAt, March.End, false)], stretches.Select(s => (s.Period.Start, s.Period.End, s.Covered)));
        Assert.Equal(2, stretches[0].Version!.Number);
        // Ten of March's 31 days: 310 × 10/31.
        Assert.Equal(100m, LicenceArithmetic.Quantity(LicenceArithmetic.Licensed(stretches, March)[LicenceProducts.DynoUnits]));
    }

    [Fact]
    public void An_amendment_taking_effect_mid_month_prorates_old_and_new_quantities()
    {
        var contract = Sign(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero), dynoUnits: 31);
        var from = new DateTimeOffset(2027, 3, 21, 0, 0, 0, TimeSpan.Zero);
        contract.Amend(ContractChanges.Amended, from, contract.Current.Terms with { Licences = [new ContractLicence(LicenceProducts.DynoUnits, 62, 4000, false)] },
            new ContractAudit("test", "upsell", Signed.AddDays(30)));

        var stretches = ContractMonth.Stretches([contract], March);

        Assert.Equal([1, 2], stretches.Select(s => s.Version!.Number));
        // 20 days at 31 + 11 days at 62 = 20 + 22.
        Assert.Equal(42m, LicenceArithmetic.Quantity(LicenceArithmetic.Licensed(stretches, March)[LicenceProducts.DynoUnits]));
        // February knows nothing of the amendment.
        Assert.Equal(31m, LicenceArithmetic.Licensed(ContractMonth.Stretches([contract], BillingPeriod.Month(2027, 2)), BillingPeriod.Month(2027, 2))[LicenceProducts.DynoUnits]);
    }

    [Fact]
    public void Overage_shares_add_up_to_the_pool_and_follow_consumption()
    {
        var a = Guid.Parse("00000000-0000-0000-0000-00000000000a");
        var b = Guid.Parse("00000000-0000-0000-0000-00000000000b");
        var c = Guid.Parse("00000000-0000-0000-0000-00000000000c");

        var shares = LicenceArithmetic.ShareOut(100, new Dictionary<Guid, decimal> { [a] = 1, [b] = 1, [c] = 1 });

        Assert.Equal(100, shares.Values.Sum());
        Assert.Equal([34L, 33L, 33L], new[] { shares[a], shares[b], shares[c] });
        Assert.Empty(LicenceArithmetic.ShareOut(100, new Dictionary<Guid, decimal> { [a] = 0 }));
    }
}
