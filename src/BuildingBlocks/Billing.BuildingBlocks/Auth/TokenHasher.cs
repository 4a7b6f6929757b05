using System.Security.Cryptography;
using System.Text;

namespace Billing.BuildingBlocks.Auth;

/// <summary>
/// Tokens are 256-bit random secrets, so an unsalted SHA-256 is enough to store them: nobody can
/// brute-force the preimage, and a hash lookup stays one indexed read.
/// </summary>
public static class TokenHasher
{
    public const string Prefix = "bm_";

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="hash"/> has the form <see cref="Hash"/> produces: 64 lower-case hex characters.</summary>
    public static bool IsSha256Hex(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string NewToken() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
