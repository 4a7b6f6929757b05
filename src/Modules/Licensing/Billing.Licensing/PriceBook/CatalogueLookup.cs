using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.PriceBook;

/// <summary>Finds dyno sizes, services and plans the way legacy does: by id or name, lower-cased.</summary>
internal static class CatalogueLookup
{
    public static Task<AddonService> FindServiceAsync(this LicensingDbContext db, string idOrName, CancellationToken cancellationToken) =>
        db.AddonServices.FindByIdOrNameAsync(idOrName, "add-on service", cancellationToken);

    public static Task<Plan> FindPlanAsync(this LicensingDbContext db, string idOrName, CancellationToken cancellationToken) =>
        db.Plans.FindByIdOrNameAsync(idOrName, "plan", cancellationToken);

    public static Task<DynoSize> FindDynoSizeAsync(this LicensingDbContext db, string idOrName, CancellationToken cancellationToken) =>
        db.DynoSizes.FindByIdOrNameAsync(idOrName, "dyno size", cancellationToken);

    private static async Task<T> FindByIdOrNameAsync<T>(this IQueryable<T> entries, string idOrName, string what, CancellationToken cancellationToken)
        where T : class, ICatalogueEntry
    {
        var key = idOrName.ToLowerInvariant();
        entries = entries.AsNoTracking();
        var entry = Guid.TryParse(key, out var id)
            ? await entries.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            : await entries.SingleOrDefaultAsync(e => e.Name == key, cancellationToken);
        return entry ?? throw new NotFoundException($"Couldn't find that {what}.");
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
