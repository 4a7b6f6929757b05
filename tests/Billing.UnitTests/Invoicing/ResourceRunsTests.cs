using Billing.Invoicing.Domain.Rating;

namespace Billing.UnitTests.Invoicing;

/// <summary>Grouping a resource's stretches by runs gives exactly what <c>GroupBy</c> gives, grouped input or not.</summary>
public sealed class ResourceRunsTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Runs_are_the_groups_GroupBy_makes_in_the_same_order(int seed)
    {
        var random = new Random(seed);
        // Keys drawn from a small set, so that most keys come back after others unless the input is grouped.
        var items = Enumerable.Range(0, random.Next(0, 60)).Select(i => (Key: ("app" + random.Next(3), random.Next(2)), Index: i)).ToList();
        var grouped = seed % 2 == 0 ? [.. items.GroupBy(i => i.Key).SelectMany(g => g)] : items;

        var (flat, runs) = ResourceRuns.Of(grouped, static i => i.Key);

        var expected = grouped.GroupBy(i => i.Key).Select(g => (g.Key, Items: g.ToList())).ToList();
        Assert.Equal(expected.Select(g => g.Key), runs.Select(r => r.Key));
        Assert.Equal(expected.Select(g => g.Items), runs.Select(r => flat.In(r).ToList()));
    }

    [Fact]
    public void Grouped_input_is_used_as_it_is()
    {
        List<(string Key, int Index)> items = [("a", 0), ("a", 1), ("b", 2), ("c", 3), ("c", 4)];

        var (flat, runs) = ResourceRuns.Of(items, static i => i.Key);

        Assert.Same(items, flat);
        Assert.Equal([new ResourceRun<string>("a", 0, 2), new ResourceRun<string>("b", 2, 1), new ResourceRun<string>("c", 3, 2)], runs);
    }

    [Fact]
    public void A_key_that_comes_back_is_grouped_with_its_first_run()
    {
        List<(string Key, int Index)> items = [("a", 0), ("b", 1), ("a", 2)];

        var (flat, runs) = ResourceRuns.Of(items, static i => i.Key);

        Assert.Equal([("a", 0), ("a", 2), ("b", 1)], flat);
        Assert.Equal([new ResourceRun<string>("a", 0, 2), new ResourceRun<string>("b", 2, 1)], runs);
    }
}
