namespace Billing.Invoicing.Domain.Rating;

/// <summary>
/// An add-on plan as rating needs it: its name (<c>service:plan</c>) and its price versions, each with how the plan
/// was billed while it was in force (contract, metered, included units).
/// </summary>
internal sealed record PlanTerms(Guid PlanId, string Name, PriceSchedule Prices)
{
    public string ServiceName => Name.Split(':', 2)[0];
}

/// <summary>The prices rating reads: dyno sizes by name (as usage names them) and plans by id.</summary>
internal sealed class RateCardSnapshot(
    IReadOnlyDictionary<string, PriceSchedule> dynoSizes,
    IReadOnlyDictionary<Guid, PlanTerms> plans,
    IReadOnlyDictionary<string, decimal>? preciseDynoUnits = null)
{
    /// <summary>Enterprise dyno units one dyno of the size counts for (0 when unknown).</summary>
    public decimal PreciseDynoUnits(string size) => preciseDynoUnits is not null && preciseDynoUnits.TryGetValue(size, out var units) ? units : 0m;

    public PriceSchedule DynoSize(string name) =>
        dynoSizes.TryGetValue(name, out var schedule) ? schedule : throw new UnratableUsageException($"No price for dyno size '{name}'.");

    public PlanTerms Plan(Guid planId) =>
        plans.TryGetValue(planId, out var plan) ? plan : throw new UnratableUsageException($"No price for add-on plan {planId}.");
}
