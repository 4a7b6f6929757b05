using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Billing.Invoicing.Domain.Rating;

/// <summary>
/// SHA-256 over a line's usage intervals (from, to, quantity, seconds, source event id; in order), so that intervals
/// recomputed later can be proven to be the ones the line was rated from (ADR 0033).
/// </summary>
internal static class UsageIntervalDigest
{
    public static string Of(IReadOnlyList<UsageInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        // The bytes are laid out in one pooled buffer and hashed once: a run digests one line of about 20 intervals for
        // every resource it bills, and an incremental hash per line cost a native context each.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, intervals.Count * 96));
        try
        {
            var length = 0;
            foreach (var interval in intervals)
            {
                var id = interval.SourceEventId;
                var needed = length + 24 + 32 + Encoding.UTF8.GetMaxByteCount(id.Length) + 2;
                if (needed > buffer.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                var span = buffer.AsSpan(length);
                BinaryPrimitives.WriteInt64LittleEndian(span, interval.From.ToUnixTimeSeconds());
                BinaryPrimitives.WriteInt64LittleEndian(span[8..], interval.To.ToUnixTimeSeconds());
                BinaryPrimitives.WriteInt64LittleEndian(span[16..], interval.Seconds);
                var written = 24;
                // The quantity normalised (2 and 2.0 hash alike), then the event id; each ends with a zero byte.
                interval.Quantity.TryFormat(span[written..], out var quantity, "G29", System.Globalization.CultureInfo.InvariantCulture);
                written += quantity;
                span[written++] = 0;
                written += Encoding.UTF8.GetBytes(id, span[written..]);
                span[written++] = 0;
                length += written;
            }

            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
