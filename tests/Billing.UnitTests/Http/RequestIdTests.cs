using Billing.BuildingBlocks.Http;

namespace Billing.UnitTests.Http;

public sealed class RequestIdTests
{
    [Fact]
    public void Generated_ids_are_distinct_version_4_uuids_that_the_echo_accepts_as_they_are()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RequestIdMiddleware.NewRequestId()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            var uuid = Guid.ParseExact(id, "D");
            Assert.Equal(4, uuid.Version);
            Assert.InRange(uuid.Variant, 0x8, 0xB); // RFC 9562: the variant's top bits are 10
            Assert.Equal(id, RequestIdMiddleware.FirstUuid(id));
        });
    }

    [Fact]
    public void Only_the_version_and_variant_bits_are_fixed()
    {
        // Every other nibble takes more than one value over a few hundred ids: the rest is random, not constant.
        var ids = Enumerable.Range(0, 500).Select(_ => RequestIdMiddleware.NewRequestId().Replace("-", string.Empty, StringComparison.Ordinal)).ToList();

        var fixedPositions = Enumerable.Range(0, 32).Where(i => ids.Select(id => id[i]).Distinct().Count() == 1).ToList();

        Assert.Equal([12], fixedPositions); // the version nibble; the variant nibble (16) still takes 8, 9, a or b
    }
}
