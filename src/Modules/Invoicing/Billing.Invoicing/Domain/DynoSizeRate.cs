namespace Billing.Invoicing.Domain;

/// <summary>
/// Invoicing's own copy of a dyno size's list price, kept from Licensing's events, so rating never
/// reads another module's tables.
/// </summary>
internal sealed class DynoSizeRate
{
    private DynoSizeRate()
    {
        Name = string.Empty;
    }

    public DynoSizeRate(Guid dynoSizeId, string name, long? monthlyPriceCents, decimal preciseDynoUnits, DateTimeOffset effectiveFrom, Guid sourceEventId)
        : this()
    {
        Id = sourceEventId;
        DynoSizeId = dynoSizeId;
        Name = name;
        MonthlyPriceCents = monthlyPriceCents;
        PreciseDynoUnits = preciseDynoUnits;
        EffectiveFrom = effectiveFrom;
    }

    /// <summary>The id of the Licensing event this rate came from.</summary>
    public Guid Id { get; private set; }

    public Guid DynoSizeId { get; private set; }

    public string Name { get; private set; }

    public long? MonthlyPriceCents { get; private set; }

    public decimal PreciseDynoUnits { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }
}
