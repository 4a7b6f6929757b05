using System.Text.RegularExpressions;
using Billing.BuildingBlocks.Mediation;

namespace Billing.Licensing.Domain;

/// <summary>What makes a dyno size publishable; each broken rule names the field at fault.</summary>
internal static partial class DynoSizeRules
{
    public static readonly IReadOnlyList<string> Generations = ["cedar", "fir"];

    public static IEnumerable<FieldError> Check(DynoSizeSpec spec)
    {
        if (!NamePattern().IsMatch(spec.Name))
        {
            yield return new FieldError("name", "must be 1-32 lower-case letters, digits or dashes, starting with a letter (e.g. standard-1x)");
        }

        if (spec.MonthlyPriceCents is < 0)
        {
            yield return new FieldError("cost.cents", "must not be negative");
        }

        if (spec.PreciseDynoUnits < 0 || decimal.Round(spec.PreciseDynoUnits, 2) != spec.PreciseDynoUnits)
        {
            yield return new FieldError("precise_dyno_units", "must be a non-negative number with at most two decimals");
        }

        if (spec.Memory <= 0)
        {
            yield return new FieldError("memory", "must be a positive number of GB");
        }

        if (spec.Compute < 1)
        {
            yield return new FieldError("compute", "must be at least 1");
        }

        if (!Generations.Contains(spec.Generation))
        {
            yield return new FieldError("generation", "must be cedar or fir");
        }

        if (spec.Architecture is not ("amd64" or "arm64"))
        {
            yield return new FieldError("architecture", "must be amd64 or arm64");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex NamePattern();
}
