using Billing.Invoicing.Domain.Rating;

namespace Billing.UnitTests.Invoicing;

public sealed class UsageIntervalDigestTests
{
    private static readonly DateTimeOffset October = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Stored invoices keep the digest, so its byte layout may never change: per interval from, to and seconds as
    /// little-endian int64, the quantity (G29), a zero byte, the event id in UTF-8, a zero byte. The expected value was
    /// computed outside .NET from that layout (Python's hashlib over the same bytes).
    /// </summary>
    [Fact]
    public void Digest_keeps_its_layout_so_stored_invoices_still_verify()
    {
        var intervals = new[]
        {
            new UsageInterval(October, October.AddDays(2.5), 2m, (long)TimeSpan.FromDays(2.5).TotalSeconds, "evt-1"),
            new UsageInterval(October.AddDays(2.5), October.AddDays(30), 1.50m, (long)TimeSpan.FromDays(27.5).TotalSeconds, "évt-2"),
        };

        Assert.Equal("0239c91b4a3491010c201f0b0a77199c3a93e6102aa3a4f37d40a21c4fa51ad0", UsageIntervalDigest.Of(intervals));
    }

    /// <summary>Long lines outgrow the first buffer: the bytes hashed must still be the whole layout (Python's hashlib again).</summary>
    [Fact]
    public void Digest_of_many_intervals_with_long_ids_covers_them_all()
    {
        var intervals = Enumerable.Range(0, 500)
            .Select(i => new UsageInterval(October.AddMinutes(i), October.AddMinutes(i + 1), i, 60, new string('x', 300) + i))
            .ToList();
        var changed = intervals.ToList();
        changed[499] = changed[499] with { Quantity = 500 };

        Assert.Equal("5d0cbf26359f8b10ffc85e3eab4e0a56c22c7b901f495ad62f4ef94821e860c4", UsageIntervalDigest.Of(intervals));
        Assert.NotEqual(UsageIntervalDigest.Of(intervals), UsageIntervalDigest.Of(changed));
    }
}
