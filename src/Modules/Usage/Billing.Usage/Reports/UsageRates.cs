using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Reports;

/// <summary>What a report counts usage in: micro dyno units per size, micro dollars per plan (as of now) and each add-on's kind.</summary>
internal sealed class UsageRates(IReadOnlyDictionary<string, Int128> unitsBySize, IReadOnlyDictionary<string, (Int128 Rate, string Name)> plans, IReadOnlyDictionary<Guid, string> kinds)
{
    public static async Task<UsageRates> LoadAsync(UsageDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sizes = await db.DynoSizeUnits.AsNoTracking().ToListAsync(cancellationToken);
        var prices = await db.PlanRates.AsNoTracking().ToListAsync(cancellationToken);
        var kinds = await db.AddonKinds.AsNoTracking().ToDictionaryAsync(k => k.AddonId, k => k.Kind, cancellationToken);
        var plans = prices
            .GroupBy(p => p.PlanId)
            .Select(g => g.Where(p => p.EffectiveFrom <= now).OrderByDescending(p => p.EffectiveFrom).FirstOrDefault() ?? g.OrderBy(p => p.EffectiveFrom).First())
            .ToDictionary(p => p.PlanId.ToString(), p => ((Int128)p.Cents * 10_000, p.Name));
        return new UsageRates(sizes.ToDictionary(s => s.Name, s => UsageNumerators.Micro(s.PreciseDynoUnits)), plans, kinds);
    }

    /// <summary>Micro dyno units of one dyno of the size; an unknown size counts 0, as in legacy.</summary>
    public Int128 UnitsOf(string size) => unitsBySize.GetValueOrDefault(size);

    /// <summary>Micro dollars per period of the plan (its monthly price in cents × 10 000); unknown plans count 0.</summary>
    public Int128 RateOf(string planId) => plans.TryGetValue(planId, out var plan) ? plan.Rate : 0;

    public bool IsData(string addonId, string planId) =>
        (Guid.TryParse(addonId, out var id) && kinds.TryGetValue(id, out var kind) ? kind : AddonKind.FromPlanName(plans.TryGetValue(planId, out var plan) ? plan.Name : null)) == AddonKind.Data;
}
