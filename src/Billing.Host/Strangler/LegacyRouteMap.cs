using Microsoft.Extensions.Options;

namespace Billing.Host.Strangler;

/// <summary>Which legacy service owns a path: the longest configured prefix, else the default service.</summary>
public sealed class LegacyRouteMap(IOptions<StranglerOptions> options)
{
    private readonly KeyValuePair<string, string>[] _routes =
        [.. options.Value.Routes.OrderByDescending(r => r.Key.Length)];

    public string ServiceFor(PathString path)
    {
        var value = path.Value ?? "/";
        foreach (var (prefix, service) in _routes)
        {
            if (Matches(value, prefix))
            {
                return service;
            }
        }

        return options.Value.DefaultService;
    }

    // "/teams/{id}/usage" style prefixes: a "*" segment matches any one segment.
    private static bool Matches(string path, string prefix)
    {
        var pathSegments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var prefixSegments = prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (pathSegments.Length < prefixSegments.Length)
        {
            return false;
        }

        for (var i = 0; i < prefixSegments.Length; i++)
        {
            if (prefixSegments[i] != "*" && !string.Equals(prefixSegments[i], pathSegments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
