using Billing.Licensing.Domain;

namespace Billing.UnitTests.Domain;

public sealed class PriceHistoryTests
{
    private static readonly DateTimeOffset January = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static PriceVersion Version(long cents, DateTimeOffset from) =>
        new(Guid.NewGuid(), PricedItemKind.DynoSize, Guid.Empty, new PriceTerms(cents, "month"), from, new PriceAudit("test", "test", from));

    [Fact]
    public void Each_version_applies_over_a_half_open_interval()
    {
        PriceVersion[] versions = [Version(3000, March), Version(2500, January)];

        Assert.Null(PriceHistory.InForceAt(versions, January.AddTicks(-1)));
        Assert.Equal(2500, PriceHistory.InForceAt(versions, January)!.Cents);
        Assert.Equal(2500, PriceHistory.InForceAt(versions, March.AddTicks(-1))!.Cents);
        Assert.Equal(3000, PriceHistory.InForceAt(versions, March)!.Cents);
        Assert.Equal(March, PriceHistory.EffectiveUntil(versions, January));
        Assert.Null(PriceHistory.EffectiveUntil(versions, March));
    }

    [Theory]
    [InlineData(-1, "month", 0, "why", "cost.cents")]
    [InlineData(1, "fortnight", 0, "why", "cost.unit")]
    [InlineData(1, "month", -1, "why", "effective_from")]
    [InlineData(1, "month", 0, " ", "reason")]
    public void Each_price_rule_names_its_field(long cents, string unit, int daysFromNow, string reason, string field)
    {
        var errors = PriceRules.Check(cents, unit, January.AddDays(daysFromNow), reason, January, "cost").ToList();

        Assert.Equal(field, Assert.Single(errors).Field);
    }
}
