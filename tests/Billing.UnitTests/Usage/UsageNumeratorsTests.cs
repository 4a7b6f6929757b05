using Billing.Usage.Domain;
using Billing.Usage.Reports;

namespace Billing.UnitTests.Usage;

public sealed class UsageNumeratorsTests
{
    [Theory]
    [InlineData(86_400_000_000L, 86_400L, "1.000")] // one dyno unit for a whole day
    [InlineData(43_200_000_000L, 86_400L, "0.500")]
    [InlineData(500L, 1L, "0.000")] // 0.0005 ties to even (0)
    [InlineData(1_500L, 1L, "0.002")] // 0.0015 ties to even (2)
    [InlineData(2_500L, 1L, "0.002")] // 0.0025 ties to even (2)
    [InlineData(2_501L, 1L, "0.003")]
    [InlineData(0L, 86_400L, "0.000")]
    [InlineData(123_456_789_000L, 1L, "123456.789")]
    public void Numerators_are_written_with_three_decimals_rounded_half_to_even(long numerator, long seconds, string expected) =>
        Assert.Equal(expected, UsageNumerators.Format(numerator, seconds));

    [Fact]
    public void Daily_ranges_count_both_ends_and_default_to_one_day()
    {
        Assert.Single(ReportPeriods.Daily("2026-02-01", null));
        Assert.Equal(31, ReportPeriods.Daily("2026-01-01", "2026-01-31").Count);
        Assert.Throws<Billing.BuildingBlocks.Http.InvalidParamsException>(() => ReportPeriods.Daily("2026-01-01", "2026-02-01"));
        Assert.Throws<Billing.BuildingBlocks.Http.InvalidParamsException>(() => ReportPeriods.Daily("2026-02-30", null));
    }

    [Fact]
    public void Monthly_rows_are_calendar_months_of_their_real_length()
    {
        var months = ReportPeriods.Monthly("2026-01", "2026-03");

        Assert.Equal(["2026-01", "2026-02", "2026-03"], months.Select(m => m.Label));
        Assert.Equal([31 * 86_400L, 28 * 86_400L, 31 * 86_400L], months.Select(m => m.Period.Seconds));
        Assert.Throws<Billing.BuildingBlocks.Http.InvalidParamsException>(() => ReportPeriods.Monthly("2016-01", "2026-02"));
    }
}
