using Billing.BuildingBlocks.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Billing.BuildingBlocks.Backfill;

public static class BackfillRegistration
{
    /// <summary>
    /// Registers a backfill of <typeparamref name="TItem"/> into <typeparamref name="TContext"/>'s module,
    /// written by <typeparamref name="TTarget"/>. The <c>IBackfillSource&lt;TItem&gt;</c> comes from a legacy
    /// adapter registered separately, so the module never references the adapter.
    /// </summary>
    public static IServiceCollection AddBackfill<TContext, TItem, TTarget>(this IServiceCollection services, string name)
        where TContext : ModuleDbContext
        where TTarget : class, IBackfillTarget<TContext, TItem>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (services.Any(d => d.ServiceType == typeof(IBackfill) && d.ImplementationInstance is IBackfill b && b.Name == name))
        {
            throw new InvalidOperationException($"Backfill '{name}' is registered twice.");
        }

        services.AddSingleton<IBackfill>(new ModuleBackfill<TContext, TItem>(name));
        services.TryAddScoped<IBackfillTarget<TContext, TItem>, TTarget>();
        services.TryAddTransient<BackfillJob>();
        return services;
    }
}
