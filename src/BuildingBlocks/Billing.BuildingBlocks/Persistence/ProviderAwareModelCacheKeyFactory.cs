using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Billing.BuildingBlocks.Persistence;

/// <summary>
/// The model differs by provider (schema, value conversions), so one context type used with both
/// providers in one process (tests do this) needs one cached model per provider.
/// </summary>
internal sealed class ProviderAwareModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context.Database.ProviderName, designTime);
}
