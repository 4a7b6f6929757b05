using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Billing.Licensing.Entitlements;

/// <summary><see cref="IEntitlements"/> served from <see cref="EntitlementCache"/>; a miss loads the owner in its own scope.</summary>
internal sealed class CachedEntitlements(
    EntitlementCache owners, CatalogueCache catalogue, IServiceScopeFactory scopes, TimeProvider time, IOptions<EntitlementOptions> options) : IEntitlements
{
    private static readonly string[] DynoProducts = [LicenceProducts.DynoUnits];
    private static readonly string[] DataProducts = [LicenceProducts.DataCredits, LicenceProducts.AddonCredits];
    private static readonly string[] PartnerProducts = [LicenceProducts.PartnerCredits, LicenceProducts.AddonCredits];

    public async ValueTask<EntitlementDecision> MayScale(BillableOwner owner, string dynoSize, int quantity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var now = time.GetUtcNow();
        var sizes = await CatalogueAsync(now, cancellationToken);
        if (!sizes.DynoUnits.TryGetValue(dynoSize, out var units))
        {
            return Unknown("dyno size", dynoSize);
        }

        var entitlements = await OwnerAsync(owner, now, cancellationToken);
        return EntitlementRules.Decide(entitlements, new EntitlementRequest(dynoSize, quantity, DynoProducts, quantity * units), now);
    }

    public async ValueTask<EntitlementDecision> MayProvision(BillableOwner owner, string plan, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var plans = await CatalogueAsync(now, cancellationToken);
        if (!plans.Plans.TryGetValue(plan, out var terms))
        {
            return Unknown("plan", plan);
        }

        var entitlements = await OwnerAsync(owner, now, cancellationToken);
        // Add-on credits are dollars of list price: a plan uses its monthly price ÷ 100 credits over a whole month.
        return EntitlementRules.Decide(entitlements, new EntitlementRequest(terms.Name, 1, terms.HerokuData ? DataProducts : PartnerProducts, terms.MonthlyCents / 100m), now);
    }

    private static EntitlementDecision Unknown(string what, string name) => new(false, EntitlementReasons.UnknownProduct, $"Couldn't find that {what} ({name}).");

    private async ValueTask<CatalogueSnapshot> CatalogueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (catalogue.Current(now) is { } snapshot)
        {
            return snapshot;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicensingDbContext>();
        snapshot = await CatalogueCache.LoadAsync(db, now, now + options.Value.MaxAge, cancellationToken);
        catalogue.Put(snapshot);
        return snapshot;
    }

    private async ValueTask<OwnerEntitlements> OwnerAsync(BillableOwner owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (owners.TryGet(owner, now, out var cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicensingDbContext>();
        var loaded = await OwnerEntitlementsLoader.LoadAsync(db, owner, now, options.Value.MaxAge, cancellationToken);
        owners.Put(owner, loaded);
        return loaded;
    }
}
