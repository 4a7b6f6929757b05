namespace Billing.Invoicing.Domain.Rating;

/// <summary>A tax rate in basis points (1/100 of a percent) for a jurisdiction.</summary>
internal sealed record TaxRate(string Jurisdiction, int BasisPoints);

/// <summary>
/// Tax rates by invoice-address jurisdiction: <c>"SE"</c> for a country, <c>"US-WA"</c> for a country's state,
/// the state winning over its country. An address that is off (<c>use_invoice_address</c> false), or whose
/// jurisdiction is not listed, pays no tax. Configured under <c>Invoicing:Tax:Rates</c>; empty by default,
/// as legacy charged none.
/// </summary>
internal sealed class TaxTable(IReadOnlyDictionary<string, int> basisPointsByJurisdiction)
{
    public static TaxTable None { get; } = new(new Dictionary<string, int>());

    public TaxRate? RateFor(string? country, string? state)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return null;
        }

        var countryKey = country.Trim().ToUpperInvariant();
        if (!string.IsNullOrWhiteSpace(state) && basisPointsByJurisdiction.TryGetValue($"{countryKey}-{state.Trim().ToUpperInvariant()}", out var stateRate))
        {
            return new TaxRate($"{countryKey}-{state.Trim().ToUpperInvariant()}", stateRate);
        }

        return basisPointsByJurisdiction.TryGetValue(countryKey, out var rate) ? new TaxRate(countryKey, rate) : null;
    }

    /// <summary>Tax on what is left after credits, rounded once, half to even.</summary>
    public static RatedLine? Line(TaxRate? rate, long taxableCents)
    {
        if (rate is null || rate.BasisPoints <= 0 || taxableCents <= 0)
        {
            return null;
        }

        var exact = new ExactCents((Int128)taxableCents * rate.BasisPoints, 10_000);
        var amount = exact.RoundHalfEven();
        return new RatedLine(LineKind.Tax, LineCategory.Tax, null, $"Tax {rate.Jurisdiction} {rate.BasisPoints / 100m:0.##}%", 0m, 0, amount,
            new LineExplanation("taxable (charges − credits) × rate")
            {
                BillableSeconds = 0,
                UncappedCents = exact.ToDecimal(),
                Rounding = "half-to-even to whole cents",
            });
    }
}
