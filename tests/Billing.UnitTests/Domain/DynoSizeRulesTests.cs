using Billing.Licensing.Domain;

namespace Billing.UnitTests.Domain;

public sealed class DynoSizeRulesTests
{
    private static DynoSizeSpec Valid() => new("standard-1x", 2500, 1m, 0.5m, 1, false, false, "amd64", "cedar");

    [Fact]
    public void A_valid_size_passes()
    {
        Assert.Empty(DynoSizeRules.Check(Valid()));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("cost.cents")]
    [InlineData("precise_dyno_units")]
    [InlineData("memory")]
    [InlineData("compute")]
    [InlineData("generation")]
    [InlineData("architecture")]
    public void Each_rule_names_its_field(string field)
    {
        var spec = field switch
        {
            "name" => Valid() with { Name = "Standard 1X" },
            "cost.cents" => Valid() with { MonthlyPriceCents = -1 },
            "precise_dyno_units" => Valid() with { PreciseDynoUnits = 0.125m },
            "memory" => Valid() with { Memory = 0 },
            "compute" => Valid() with { Compute = 0 },
            "generation" => Valid() with { Generation = "bamboo" },
            _ => Valid() with { Architecture = "sparc" },
        };

        Assert.Equal([field], DynoSizeRules.Check(spec).Select(e => e.Field));
    }

    [Fact]
    public void A_size_without_a_list_price_is_allowed()
    {
        Assert.Empty(DynoSizeRules.Check(Valid() with { MonthlyPriceCents = null }));
    }
}
