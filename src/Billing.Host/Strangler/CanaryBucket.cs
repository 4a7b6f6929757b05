using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Billing.Host.Strangler;

/// <summary>
/// A stable bucket 0–99 per account: the same account is always on the same side of a canary
/// split, on every instance and across restarts (SHA-256, not string.GetHashCode, which is randomised per process).
/// </summary>
public static class CanaryBucket
{
    public static int Of(string callerKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(callerKey), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % 100);
    }

    public static bool IsIn(string? callerKey, int canaryPercent) =>
        canaryPercent >= 100 || (callerKey is not null && Of(callerKey) < canaryPercent);
}
