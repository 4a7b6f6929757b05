using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Reading;

namespace Billing.UnitTests.Usage;

/// <summary>
/// Segments reach readers in the contract's order — app, metric, subject, variant, start — whether they come as the
/// timeline walks them (series by series, each in time order, variants interleaved) or in any other order.
/// </summary>
public sealed class ContractOrderTests
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BillableOwner Owner = BillableOwner.Team(Guid.NewGuid());

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Segments_in_walk_order_come_out_in_the_contracts_order(int seed)
    {
        var segments = Generated(new Random(seed));
        var walked = segments
            .OrderBy(s => s.AppId).ThenBy(s => s.Metric, StringComparer.Ordinal).ThenBy(s => s.Subject, StringComparer.Ordinal)
            .ThenBy(s => s.From).ToList();

        var ordered = UsageReader.InContractOrder(walked);

        Assert.Equal(ContractOrder(segments), ordered);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Segments_in_any_order_come_out_in_the_contracts_order(int seed)
    {
        var random = new Random(seed);
        var segments = Generated(random);
        var shuffled = segments.OrderBy(_ => random.Next()).ToList();

        var ordered = UsageReader.InContractOrder(shuffled);

        Assert.Equal(ContractOrder(segments), ordered);
    }

    [Fact]
    public void A_resized_dyno_is_grouped_by_size_within_its_process_type()
    {
        var app = Guid.NewGuid();
        var walked = new List<GaugeSegment>
        {
            Segment(app, "web", "standard-2x", 0, 10),
            Segment(app, "web", "standard-1x", 10, 20),
            Segment(app, "web", "standard-2x", 20, 30),
            Segment(app, "worker", "standard-1x", 0, 30),
        };

        var ordered = UsageReader.InContractOrder([.. walked]);

        Assert.Equal([walked[1], walked[0], walked[2], walked[3]], ordered);
    }

    private static List<GaugeSegment> ContractOrder(IEnumerable<GaugeSegment> segments) =>
        [.. segments.OrderBy(s => s.AppId).ThenBy(s => s.Metric, StringComparer.Ordinal).ThenBy(s => s.Subject, StringComparer.Ordinal)
            .ThenBy(s => s.Variant, StringComparer.Ordinal).ThenBy(s => s.From)];

    /// <summary>A few apps, each with series whose consecutive stretches switch between sizes at random.</summary>
    private static List<GaugeSegment> Generated(Random random)
    {
        string[] sizes = ["basic", "standard-1x", "standard-2x", "performance-m"];
        string[] subjects = ["web", "worker", "clock"];
        var segments = new List<GaugeSegment>();
        foreach (var app in Enumerable.Range(0, random.Next(1, 4)).Select(_ => Guid.NewGuid()))
        {
            foreach (var subject in subjects.Take(random.Next(1, subjects.Length + 1)))
            {
                var minute = 0;
                for (var n = random.Next(1, 12); n > 0; n--)
                {
                    var length = random.Next(1, 120);
                    segments.Add(Segment(app, subject, sizes[random.Next(sizes.Length)], minute, minute + length));
                    minute += length + random.Next(0, 30);
                }
            }
        }

        return segments;
    }

    private static GaugeSegment Segment(Guid app, string subject, string size, int fromMinute, int toMinute) =>
        new(Owner, app, "formation.quantity", subject, size, 1, Start.AddMinutes(fromMinute), Start.AddMinutes(toMinute), Guid.NewGuid().ToString());
}
