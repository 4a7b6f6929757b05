using System.Globalization;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// A parsed <c>Range</c> header (contract §3.2): <c>field [start]..[end][; max=n][, order=asc|desc]</c>.
/// Parsed leniently, as real clients vary: a trailing <c>;</c> (CLI), comma-joined parameters (Go
/// client), <c>]</c> marking an exclusive start (what our <c>Next-Range</c> sends).
/// </summary>
public sealed record RangeRequest(string Field, string? Start, bool StartExclusive, string? End, int Max, bool Descending)
{
    public const int DefaultMax = 200;
    public const int MaxMax = 1000;

    public static RangeRequest Parse(string? header, IReadOnlyList<string> sortableFields)
    {
        ArgumentNullException.ThrowIfNull(sortableFields);
        if (string.IsNullOrWhiteSpace(header))
        {
            return new RangeRequest(sortableFields[0], null, false, null, DefaultMax, false);
        }

        var text = header.Trim();
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var fieldEnd = space >= 0 && (dots < 0 || space < dots) ? space : dots;
        if (fieldEnd <= 0)
        {
            throw Invalid(header, sortableFields);
        }

        var field = text[..fieldEnd].Trim();
        if (!sortableFields.Contains(field, StringComparer.Ordinal))
        {
            throw new RangeNotSatisfiableException($"Range cannot be sorted by '{field}'. Accept-Ranges: {string.Join(", ", sortableFields)}.");
        }

        if (dots < 0)
        {
            throw Invalid(header, sortableFields);
        }

        var startText = text[fieldEnd..dots].Trim();
        var rest = text[(dots + 2)..];
        var paramsAt = rest.IndexOfAny([';', ',']);
        var endText = (paramsAt < 0 ? rest : rest[..paramsAt]).Trim();
        var parameters = paramsAt < 0 ? string.Empty : rest[paramsAt..];

        var exclusive = startText.StartsWith(']');
        if (exclusive)
        {
            startText = startText[1..].Trim();
        }

        var max = DefaultMax;
        var descending = false;
        foreach (var parameter in parameters.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2)
            {
                throw Invalid(header, sortableFields);
            }

            switch (pair[0].ToLowerInvariant())
            {
                case "max":
                    if (!int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1)
                    {
                        throw new RangeNotSatisfiableException($"Range max must be a whole number from 1 to {MaxMax}, not '{pair[1]}'.");
                    }

                    max = Math.Min(max, MaxMax);
                    break;
                case "order":
                    descending = pair[1].ToLowerInvariant() switch
                    {
                        "asc" => false,
                        "desc" => true,
                        _ => throw new RangeNotSatisfiableException($"Range order must be asc or desc, not '{pair[1]}'."),
                    };
                    break;
                default:
                    throw new RangeNotSatisfiableException($"Unknown Range parameter '{pair[0]}'; use max and order.");
            }
        }

        return new RangeRequest(field, startText.Length == 0 ? null : startText, exclusive, endText.Length == 0 ? null : endText, max, descending);
    }

    /// <summary>The header a client sends for the page after the one that ended at <paramref name="lastKey"/>.</summary>
    public string NextRange(string lastKey) =>
        $"{Field} ]{lastKey}..; max={Max}" + (Descending ? ", order=desc" : string.Empty);

    private static RangeNotSatisfiableException Invalid(string header, IReadOnlyList<string> sortableFields) =>
        new($"Invalid Range header '{header}'. Expected e.g. `{sortableFields[0]} ..; max=200`.");
}
