namespace Billing.Usage.Domain;

/// <summary>
/// A report row's figures as exact numerators in micro-units × seconds (legacy's arithmetic): dyno units, data and
/// partner add-on dollars and space credits, each "per period" once divided by 10⁶ × the period's seconds. Rows
/// and totals add numerators and round once, so a total can differ by ±0.001 from the sum of its rounded rows.
/// </summary>
internal readonly record struct UsageNumerators(Int128 Dynos, Int128 Data, Int128 Partner, Int128 Space)
{
    public Int128 Addons => Data + Partner;

    public static UsageNumerators operator +(UsageNumerators a, UsageNumerators b) =>
        new(a.Dynos + b.Dynos, a.Data + b.Data, a.Partner + b.Partner, a.Space + b.Space);

    /// <summary>
    /// <paramref name="numerator"/> / (10⁶ × <paramref name="periodSeconds"/>) with exactly three decimals, rounded
    /// half to even (<c>24.000</c>): the only rounding in a usage report.
    /// </summary>
    public static string Format(Int128 numerator, long periodSeconds)
    {
        var divisor = (Int128)1000 * periodSeconds;
        var quotient = Int128.DivRem(Int128.Abs(numerator), divisor);
        var thousandths = (quotient.Remainder * 2).CompareTo(divisor) switch
        {
            > 0 => quotient.Quotient + 1,
            < 0 => quotient.Quotient,
            _ => Int128.IsOddInteger(quotient.Quotient) ? quotient.Quotient + 1 : quotient.Quotient,
        };
        var sign = numerator < 0 ? "-" : string.Empty;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sign}{thousandths / 1000}.{(int)(thousandths % 1000):000}");
    }

    /// <summary>Micro-units of a decimal quantity (exact for up to six decimals).</summary>
    public static Int128 Micro(decimal value) => (Int128)decimal.Round(value * 1_000_000m, 0, MidpointRounding.ToEven);
}
