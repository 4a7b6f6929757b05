using Microsoft.Extensions.Options;

namespace Billing.Host.Strangler;

/// <summary>Which legacy service owns a path: the longest configured prefix, else the default service.</summary>
/// <remarks>Runs on every forwarded request, so prefixes are split once here and paths are matched without allocating.</remarks>
public sealed class LegacyRouteMap(IOptions<StranglerOptions> options)
{
    private readonly (string[] Segments, string Service)[] _routes =
        [.. options.Value.Routes
            .OrderByDescending(r => r.Key.Length)
            .Select(r => (r.Key.Split('/', StringSplitOptions.RemoveEmptyEntries), r.Value))];

    public string ServiceFor(PathString path)
    {
        var value = (path.Value ?? "/").AsSpan();
        foreach (var (segments, service) in _routes)
        {
            if (Matches(value, segments))
            {
                return service;
            }
        }

        return options.Value.DefaultService;
    }

    // "/teams/{id}/usage" style prefixes: a "*" segment matches any one segment.
    private static bool Matches(ReadOnlySpan<char> path, string[] prefix)
    {
        var i = 0;
        foreach (var range in path.Split('/'))
        {
            if (i == prefix.Length)
            {
                return true;
            }

            var segment = path[range];
            if (segment.IsEmpty)
            {
                continue;  // as RemoveEmptyEntries: "//a" and "/a/" match like "/a"
            }

            if (prefix[i] != "*" && !segment.SequenceEqual(prefix[i]))
            {
                return false;
            }

            i++;
        }

        return i == prefix.Length;
    }
}
