namespace Billing.Usage.Domain;

/// <summary>Dyno units of a size (Licensing's <c>precise_dyno_units</c>), what usage reports count dynos in.</summary>
internal sealed class DynoSizeUnits(string name, decimal preciseDynoUnits)
{
    public string Name { get; private set; } = name;

    public decimal PreciseDynoUnits { get; set; } = preciseDynoUnits;
}

/// <summary>A plan's monthly price in cents from an instant on (Licensing's <c>PlanPriced</c>); add-on credits are counted in it.</summary>
internal sealed class PlanRate(Guid planId, string name, long cents, DateTimeOffset effectiveFrom)
{
    public Guid PlanId { get; private set; } = planId;

    public string Name { get; private set; } = name;

    public long Cents { get; private set; } = cents;

    public DateTimeOffset EffectiveFrom { get; private set; } = effectiveFrom;
}
