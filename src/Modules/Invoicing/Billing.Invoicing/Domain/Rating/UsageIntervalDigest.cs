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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[512];
        foreach (var interval in intervals)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, interval.From.ToUnixTimeSeconds());
            BinaryPrimitives.WriteInt64LittleEndian(buffer[8..], interval.To.ToUnixTimeSeconds());
            BinaryPrimitives.WriteInt64LittleEndian(buffer[16..], interval.Seconds);
            var length = 24;
            // The quantity normalised (2 and 2.0 hash alike), then the event id; each ends with a zero byte.
            interval.Quantity.TryFormat(buffer[length..], out var written, "G29", System.Globalization.CultureInfo.InvariantCulture);
            length += written;
            buffer[length++] = 0;
            var id = interval.SourceEventId;
            if (Encoding.UTF8.GetMaxByteCount(id.Length) + length + 1 > buffer.Length)
            {
                hash.AppendData(buffer[..length]);
                hash.AppendData(Encoding.UTF8.GetBytes(id));
                hash.AppendData([0]);
                continue;
            }

            length += Encoding.UTF8.GetBytes(id, buffer[length..]);
            buffer[length++] = 0;
            hash.AppendData(buffer[..length]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
