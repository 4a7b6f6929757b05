using System.Collections.Frozen;
using System.Text;

namespace Billing.Host.Strangler.PassThrough;

/// <summary>Which header fields belong to one hop and are not passed on, and the strings of the ones that are.</summary>
internal static class PassThroughHeaders
{
    // The same fields YARP leaves out in either direction, so both forwarding paths pass the same headers.
    private static readonly FrozenSet<string> HopByHop = new[]
    {
        "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection", "Proxy-Authenticate",
        "Proxy-Authentication-Info", "Proxy-Authorization", "Proxy-Features", "Proxy-Instruction", "Security-Scheme",
        "ALPN", "Close", "HTTP2-Settings", "Upgrade-Insecure-Requests", "TE", "Alt-Svc",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsHopByHop(string name) => HopByHop.Contains(name);
}

/// <summary>
/// Header names and values as strings without a new string per field and response: names the
/// services send are mostly the same few, and so are many values (Content-Type, Server, Vary).
/// One per connection, so it needs no lock.
/// </summary>
internal sealed class NameCache
{
    private const int MaxRememberedValues = 64;

    private static readonly string[] KnownNames =
    [
        "Content-Type", "Content-Length", "Date", "Server", "ETag", "Cache-Control", "Vary", "Request-Id", "Last-Modified",
        "Content-Range", "Next-Range", "Accept-Ranges", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Encoding",
        "Location", "Set-Cookie", "X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection", "RateLimit-Remaining",
        "WWW-Authenticate", "Warning", "Expires", "Content-Language", "Strict-Transport-Security", "Retry-After", "Allow",
        "Access-Control-Allow-Origin",
    ];

    private static readonly bool[] KnownHopByHop = [.. KnownNames.Select(PassThroughHeaders.IsHopByHop)];

    private readonly Dictionary<string, string> _lastValues = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="hopByHop">Whether the field stays on its hop (known for the usual names without a set lookup).</param>
    public static string Name(ReadOnlySpan<byte> name, out bool hopByHop)
    {
        for (var i = 0; i < KnownNames.Length; i++)
        {
            var known = KnownNames[i];
            if (known.Length == name.Length && Ascii.Equals(name, known))
            {
                hopByHop = KnownHopByHop[i];
                return known;
            }
        }

        var text = Encoding.ASCII.GetString(name);
        hopByHop = PassThroughHeaders.IsHopByHop(text);
        return text;
    }

    public string Value(string name, ReadOnlySpan<byte> value)
    {
        if (_lastValues.TryGetValue(name, out var last) && Ascii.Equals(value, last))
        {
            return last;
        }

        var text = Encoding.ASCII.GetString(value);
        if (_lastValues.Count < MaxRememberedValues || _lastValues.ContainsKey(name))
        {
            _lastValues[name] = text;
        }

        return text;
    }
}
