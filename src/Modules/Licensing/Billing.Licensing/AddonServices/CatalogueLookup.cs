using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.AddonServices;

/// <summary>Finds services and plans the way legacy does: by id or name, lower-cased.</summary>
internal static class CatalogueLookup
{
    public static async Task<AddonService> FindServiceAsync(this LicensingDbContext db, string idOrName, CancellationToken cancellationToken)
    {
        var key = idOrName.ToLowerInvariant();
        var services = db.AddonServices.AsNoTracking();
        var service = Guid.TryParse(key, out var id)
            ? await services.SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            : await services.SingleOrDefaultAsync(s => s.Name == key, cancellationToken);
        return service ?? throw new NotFoundException("Couldn't find that add-on service.");
    }

    public static async Task<Plan> FindPlanAsync(this LicensingDbContext db, string idOrName, CancellationToken cancellationToken)
    {
        var key = idOrName.ToLowerInvariant();
        var plans = db.Plans.AsNoTracking();
        var plan = Guid.TryParse(key, out var id)
            ? await plans.SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            : await plans.SingleOrDefaultAsync(p => p.Name == key, cancellationToken);
        return plan ?? throw new NotFoundException("Couldn't find that plan.");
    }

    /// <summary>Within a service a plan is also known by its short name (<c>essential-0</c> for <c>heroku-postgresql:essential-0</c>).</summary>
    public static async Task<Plan> FindServicePlanAsync(this LicensingDbContext db, AddonService service, string idOrName, CancellationToken cancellationToken)
    {
        var key = idOrName.ToLowerInvariant();
        var qualified = $"{service.Name}:{key}";
        var plans = db.Plans.AsNoTracking().Where(p => p.AddonServiceId == service.Id);
        var plan = Guid.TryParse(key, out var id)
            ? await plans.SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            : await plans.FirstOrDefaultAsync(p => p.Name == key || p.Name == qualified, cancellationToken);
        return plan ?? throw new NotFoundException("Couldn't find that plan.");
    }
}
