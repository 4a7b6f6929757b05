using System.Text;
using System.Text.Json;

namespace Billing.Host.Strangler;

/// <summary>
/// Compares a legacy and a candidate response after normalisation: ignored fields are dropped at any
/// depth, object key order does not matter, numbers compare by value (<c>1</c> equals <c>1.0</c>),
/// array order does. Returns the JSON paths that differ (at most 20).
/// </summary>
public static class JsonComparison
{
    private const int MaxDifferences = 20;

    public static IReadOnlyList<string> Differences(int legacyStatus, ReadOnlySpan<byte> legacyBody, int candidateStatus, ReadOnlySpan<byte> candidateBody, IReadOnlyCollection<string> ignoredFields)
    {
        ArgumentNullException.ThrowIfNull(ignoredFields);
        var differences = new List<string>();
        if (legacyStatus != candidateStatus)
        {
            differences.Add($"status: {legacyStatus} != {candidateStatus}");
        }

        var legacy = TryParse(legacyBody);
        var candidate = TryParse(candidateBody);
        if (legacy is null || candidate is null)
        {
            if (!legacyBody.SequenceEqual(candidateBody))
            {
                differences.Add("body: not JSON on both sides and bytes differ");
            }

            return differences;
        }

        Compare("$", legacy.Value, candidate.Value, ignoredFields, differences);
        return differences;
    }

    private static JsonElement? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(body);
        return JsonElement.TryParseValue(ref reader, out var element) ? element : null;
    }

    private static void Compare(string path, JsonElement legacy, JsonElement candidate, IReadOnlyCollection<string> ignored, List<string> differences)
    {
        if (differences.Count >= MaxDifferences)
        {
            return;
        }

        if (legacy.ValueKind != candidate.ValueKind && !(IsNumber(legacy) && IsNumber(candidate)))
        {
            differences.Add($"{path}: {Describe(legacy)} != {Describe(candidate)}");
            return;
        }

        switch (legacy.ValueKind)
        {
            case JsonValueKind.Object:
                var legacyProperties = legacy.EnumerateObject().Where(p => !ignored.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                var candidateProperties = candidate.EnumerateObject().Where(p => !ignored.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                foreach (var name in legacyProperties.Keys.Union(candidateProperties.Keys).Order(StringComparer.Ordinal))
                {
                    var childPath = path + "." + name;
                    if (!legacyProperties.TryGetValue(name, out var l))
                    {
                        differences.Add($"{childPath}: missing in legacy");
                    }
                    else if (!candidateProperties.TryGetValue(name, out var c))
                    {
                        differences.Add($"{childPath}: missing in candidate");
                    }
                    else
                    {
                        Compare(childPath, l, c, ignored, differences);
                    }
                }

                break;
            case JsonValueKind.Array:
                var legacyItems = legacy.EnumerateArray().ToList();
                var candidateItems = candidate.EnumerateArray().ToList();
                if (legacyItems.Count != candidateItems.Count)
                {
                    differences.Add($"{path}: {legacyItems.Count} items != {candidateItems.Count} items");
                }

                for (var i = 0; i < Math.Min(legacyItems.Count, candidateItems.Count); i++)
                {
                    Compare($"{path}[{i}]", legacyItems[i], candidateItems[i], ignored, differences);
                }

                break;
            case JsonValueKind.Number:
                if (legacy.GetDecimal() != candidate.GetDecimal())
                {
                    differences.Add($"{path}: {legacy.GetRawText()} != {candidate.GetRawText()}");
                }

                break;
            default:
                if (legacy.GetRawText() != candidate.GetRawText())
                {
                    differences.Add($"{path}: {Describe(legacy)} != {Describe(candidate)}");
                }

                break;
        }
    }

    private static bool IsNumber(JsonElement element) => element.ValueKind == JsonValueKind.Number;

    private static string Describe(JsonElement element)
    {
        var text = element.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? element.ValueKind.ToString().ToLowerInvariant() : element.GetRawText();
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    public static string Truncate(ReadOnlySpan<byte> body, int maxBytes = 8192) =>
        Encoding.UTF8.GetString(body.Length > maxBytes ? body[..maxBytes] : body);
}
