namespace Billing.Invoicing.Domain;

/// <summary>
/// Invoicing's copy of one price version of an add-on plan, from Licensing's <c>PlanPriced</c>; one row per
/// version, never updated, so a past period is rated with the price it had.
/// </summary>
internal sealed class PlanRate
{
    private PlanRate()
    {
        Name = string.Empty;
        Unit = string.Empty;
    }

    public PlanRate(Guid sourceEventId, Guid planId, string name, Guid addonServiceId, long cents, string unit, bool contract, bool metered, DateTimeOffset effectiveFrom)
        : this()
    {
        Id = sourceEventId;
        PlanId = planId;
        Name = name;
        AddonServiceId = addonServiceId;
        Cents = cents;
        Unit = unit;
        Contract = contract;
        Metered = metered;
        EffectiveFrom = effectiveFrom;
    }

    /// <summary>The id of the Licensing event this rate came from.</summary>
    public Guid Id { get; private set; }

    public Guid PlanId { get; private set; }

    /// <summary><c>service:plan</c>, as invoice lines name it.</summary>
    public string Name { get; private set; }

    public Guid AddonServiceId { get; private set; }

    public long Cents { get; private set; }

    public string Unit { get; private set; }

    public bool Contract { get; private set; }

    public bool Metered { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }
}
