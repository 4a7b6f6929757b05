using System.Globalization;
using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.PlanMeters;

/// <summary>
/// 3.sdk <c>plan-meter</c>: each metered price version of a plan is one meter, valid over
/// [<c>start_time</c>, <c>end_time</c>) where the end is the plan's next price version. Named by its billing unit;
/// by name, the meter in force now (else the latest) answers. Legacy never served it: no strangler capability.
/// </summary>
internal static class PlanMeterReads
{
    public static async Task<IReadOnlyList<PlanMeterRepresentation>> ListAsync(HttpContext http, string planIdOrName, LicensingDbContext db, CancellationToken ct)
    {
        if (!ApiVariant.Of(http).IsSdk)
        {
            throw new NotFoundException("The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your intended version with the `Accept` header?");
        }

        var plan = await db.FindPlanAsync(planIdOrName, ct);
        var versions = await db.PriceVersions.AsNoTracking().Where(v => v.ItemId == plan.Id).ToListAsync(ct);
        return versions.Where(v => v.Metered).OrderBy(v => v.EffectiveFrom)
            .Select(v => PlanMeterRepresentation.From(plan, v, PriceHistory.EffectiveUntil(versions, v.EffectiveFrom)))
            .ToList();
    }

    public static PlanMeterRepresentation Find(IReadOnlyList<PlanMeterRepresentation> meters, string meterIdOrName, DateTimeOffset now)
    {
        var byId = Guid.TryParse(meterIdOrName, out var id) ? meters.FirstOrDefault(m => m.Id == id) : null;
        var byName = meters.Where(m => string.Equals(m.Name, meterIdOrName, StringComparison.OrdinalIgnoreCase)).ToList();
        return byId
            ?? byName.LastOrDefault(m => m.StartTime <= now && (m.EndTime is null || now < m.EndTime))
            ?? byName.LastOrDefault()
            ?? throw new NotFoundException($"Couldn't find that plan meter.");
    }
}

/// <summary>The <c>plan-meter</c> resource in the schema's field order; <c>price_cents</c> is a string there.</summary>
internal sealed record PlanMeterRepresentation(
    Guid Id,
    string Name,
    string PriceCents,
    string ProductDescription,
    string BillingDescription,
    string? RatePeriod,
    string? BillingPeriod,
    string? BillingUnit,
    string Aggregation,
    long IncludedUnits,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static PlanMeterRepresentation From(Plan plan, PriceVersion version, DateTimeOffset? endTime)
    {
        var included = (long)(version.IncludedUnits ?? 0);
        return new(version.Id, version.Unit, (version.Cents ?? 0).ToString(CultureInfo.InvariantCulture), plan.HumanName,
            $"monthly usage per {version.Unit} beyond {included} included", null, "month", version.Unit, "sum", included,
            version.EffectiveFrom, endTime, version.RecordedAt, version.RecordedAt);
    }
}
