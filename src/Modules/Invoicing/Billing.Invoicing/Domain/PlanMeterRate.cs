namespace Billing.Invoicing.Domain;

/// <summary>
/// The included units of one metered price version of a plan, from Licensing's <c>PlanMeterPriced</c>. The version
/// itself (price per unit, <c>metered</c>) arrives as a <c>PlanPriced</c> with the same plan and effective instant;
/// the two events may arrive in either order, so the rate card joins them on (plan, effective from).
/// </summary>
internal sealed class PlanMeterRate
{
    private PlanMeterRate()
    {
    }

    public PlanMeterRate(Guid sourceEventId, Guid planId, long centsPerUnit, long includedUnits, DateTimeOffset effectiveFrom)
    {
        Id = sourceEventId;
        PlanId = planId;
        CentsPerUnit = centsPerUnit;
        IncludedUnits = includedUnits;
        EffectiveFrom = effectiveFrom;
    }

    /// <summary>The id of the Licensing event this came from.</summary>
    public Guid Id { get; private set; }

    public Guid PlanId { get; private set; }

    public long CentsPerUnit { get; private set; }

    public long IncludedUnits { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }
}
