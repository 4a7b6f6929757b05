using Billing.Licensing.Domain;

namespace Billing.Licensing.AddonServices;

/// <summary>A plan with its service and the price in force at the instant asked about.</summary>
internal sealed record PricedPlan(Plan Plan, AddonService Service, PriceVersion? Price)
{
    public object ToRepresentation(bool sdk) => PlanRepresentation.From(this, sdk);
}

/// <summary>The <c>plan</c> resource in the schema's field order; only <c>price</c> differs between 3 and 3.sdk.</summary>
internal sealed record PlanRepresentation(
    PlanServiceReference AddonService,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Compliance,
    bool Default,
    string Description,
    string HumanName,
    Guid Id,
    bool InstallableInsidePrivateNetwork,
    bool InstallableOutsidePrivateNetwork,
    string Name,
    object? Price,
    bool SpaceDefault,
    string State,
    DateTimeOffset UpdatedAt,
    bool Visible)
{
    public static PlanRepresentation From(PricedPlan priced, bool sdk)
    {
        ArgumentNullException.ThrowIfNull(priced);
        var plan = priced.Plan;
        object? price = priced.Price is not { } p ? null
            : sdk ? new PlanSdkPrice(p.Cents ?? 0, p.Contract, p.Metered, p.Unit) : new PlanPrice(p.Cents ?? 0, p.Contract, p.Unit);
        return new(new PlanServiceReference(priced.Service.Id, priced.Service.Name), plan.CreatedAt, plan.ComplianceList(), plan.IsDefault,
            plan.Description, plan.HumanName, plan.Id, plan.InstallableInsidePrivateNetwork, plan.InstallableOutsidePrivateNetwork, plan.Name,
            price, plan.SpaceDefault, plan.State, plan.UpdatedAt, plan.Visible);
    }
}

internal sealed record PlanServiceReference(Guid Id, string Name);

internal sealed record PlanPrice(long Cents, bool Contract, string Unit);

/// <summary>3.sdk adds <c>metered</c> between <c>contract</c> and <c>unit</c>.</summary>
internal sealed record PlanSdkPrice(long Cents, bool Contract, bool Metered, string Unit);
