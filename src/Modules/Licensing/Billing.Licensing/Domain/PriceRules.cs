using Billing.BuildingBlocks.Mediation;

namespace Billing.Licensing.Domain;

/// <summary>What makes a price publishable; each broken rule names the field at fault.</summary>
internal static class PriceRules
{
    public static readonly IReadOnlyList<string> Units = ["month", "hour", "day", "unit"];

    /// <summary>
    /// A price may start now or later, never earlier: a past start would reprice periods already rated and
    /// invoiced. <paramref name="effectiveFrom"/> null means "now".
    /// </summary>
    public static IEnumerable<FieldError> Check(long? cents, string unit, DateTimeOffset? effectiveFrom, string? reason, DateTimeOffset now, string prefix)
    {
        if (cents is < 0)
        {
            yield return new FieldError($"{prefix}.cents", "must not be negative");
        }

        if (!Units.Contains(unit))
        {
            yield return new FieldError($"{prefix}.unit", $"must be one of {string.Join(", ", Units)}");
        }

        if (effectiveFrom is { } from && from < now)
        {
            yield return new FieldError("effective_from", "must not be in the past; a price change never rewrites history");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            yield return new FieldError("reason", "is required: price changes are audited");
        }
        else if (reason.Length > 500)
        {
            yield return new FieldError("reason", "must be at most 500 characters");
        }
    }
}
