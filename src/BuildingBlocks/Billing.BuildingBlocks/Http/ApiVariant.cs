using Microsoft.AspNetCore.Http;

namespace Billing.BuildingBlocks.Http;

/// <summary>The API variant a request asked for in Accept (<c>3</c>, <c>3.sdk</c>, ...); resources whose shape differs read it.</summary>
public sealed record ApiVariant(string Version)
{
    public const string V3 = "3";
    public const string Sdk = "3.sdk";

    public bool IsSdk => Version == Sdk;

    public static ApiVariant Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ApiVariant>() ?? new ApiVariant(V3);
    }

    /// <summary>
    /// Reads the Accept header. Plain JSON, <c>*/*</c> or no header mean version 3 (the Go client
    /// sends <c>application/json</c>); a Heroku media type must name a version.
    /// </summary>
    public static ApiVariant? Negotiate(string? accept, IReadOnlyList<string> supported, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(supported);
        problem = null;
        if (string.IsNullOrWhiteSpace(accept))
        {
            return new ApiVariant(V3);
        }

        foreach (var range in SplitMediaRanges(accept))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            var mediaType = parts[0].ToLowerInvariant();
            if (mediaType is "application/json" or "application/*" or "*/*")
            {
                return new ApiVariant(V3);
            }

            if (mediaType != "application/vnd.heroku+json")
            {
                continue;
            }

            var version = parts.Skip(1)
                .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
                .Where(kv => kv.Length == 2 && kv[0].Equals("version", StringComparison.OrdinalIgnoreCase))
                .Select(kv => kv[1].Trim('"'))
                .FirstOrDefault();
            if (version is null)
            {
                problem = "Please specify a version along with Heroku's API MIME type. For example, `Accept: application/vnd.heroku+json; version=3`.";
                continue;
            }

            if (supported.Contains(version, StringComparer.OrdinalIgnoreCase))
            {
                return new ApiVariant(version.ToLowerInvariant());
            }

            problem = $"This resource does not serve version={version}. Supported: {string.Join(", ", supported.Select(v => "version=" + v))}.";
        }

        problem ??= "Acceptable media types are application/vnd.heroku+json; version=3, version=3.sdk and application/json.";
        return null;
    }

    // Parameters such as "version=3" contain no commas, so commas separate media ranges.
    private static string[] SplitMediaRanges(string accept) =>
        accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
