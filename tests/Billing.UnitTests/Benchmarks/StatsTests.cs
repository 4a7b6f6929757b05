using Billing.Benchmarks;

namespace Billing.UnitTests.Benchmarks;

/// <summary>The median the benchmark programs print: the middle round, or the mean of the two middle rounds.</summary>
public sealed class StatsTests
{
    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 3.5, 2.9, 3.1 }, 3.1)]
    [InlineData(new[] { 3.72, 3.39, 3.24, 3.78 }, 3.555)]
    [InlineData(new[] { 1.0, 4.0 }, 2.5)]
    public void The_median_of_an_even_count_is_the_mean_of_the_two_middle_values(double[] values, double expected) =>
        Assert.Equal(expected, Stats.Median(values), precision: 9);

    [Fact]
    public void The_median_does_not_depend_on_the_order_of_the_rounds()
    {
        var random = new Random(7);
        for (var n = 1; n <= 9; n++)
        {
            var values = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 10, 3)).ToArray();
            var shuffled = values.OrderBy(_ => random.Next()).ToArray();

            Assert.Equal(Stats.Median(values), Stats.Median(shuffled));
            Assert.Equal(values.Count(v => v < Stats.Median(values)), values.Count(v => v > Stats.Median(values)));
        }
    }

    [Fact]
    public void No_rounds_have_no_median() =>
        Assert.Throws<ArgumentException>(() => Stats.Median([]));
}
