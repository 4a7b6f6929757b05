namespace Billing.Invoicing.Domain.Rating;

/// <summary>
/// A non-negative amount of cents as an exact fraction, so that proration and the cap are compared without
/// any intermediate rounding; the one rounding of a line happens in <see cref="RoundHalfEven"/>.
/// Int128 holds price × dyno-seconds × period-seconds for any realistic invoice.
/// </summary>
internal readonly record struct ExactCents
{
    public ExactCents(Int128 numerator, Int128 denominator)
    {
        if (denominator <= 0 || numerator < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), "An exact amount is a non-negative fraction with a positive denominator.");
        }

        Numerator = numerator;
        Denominator = denominator;
    }

    public Int128 Numerator { get; }

    public Int128 Denominator { get; }

    public static ExactCents Whole(long cents) => new(cents, 1);

    public static ExactCents Min(ExactCents a, ExactCents b) => a.CompareTo(b) <= 0 ? a : b;

    public int CompareTo(ExactCents other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>The invoicing rounding rule: to whole cents, ties to the even cent (banker's rounding).</summary>
    public long RoundHalfEven()
    {
        var quotient = Int128.DivRem(Numerator, Denominator);
        var twiceRemainder = quotient.Remainder * 2;
        var whole = quotient.Quotient;
        if (twiceRemainder > Denominator || (twiceRemainder == Denominator && !Int128.IsEvenInteger(whole)))
        {
            whole++;
        }

        return (long)whole;
    }

    /// <summary>The exact value to 10 decimals, for explanations only (never for money).</summary>
    public decimal ToDecimal() => Math.Round((decimal)Numerator / (decimal)Denominator, 10);
}
