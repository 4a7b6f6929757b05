using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Backfill;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;

namespace Billing.Host.Access;

internal static class AccessRegistration
{
    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.Section));
        services.AddMemoryCache();
        services.AddModuleDbContext<AccessDbContext>(new ModuleDescriptor(AccessDbContext.SchemaName, typeof(AccessDbContext).Assembly, typeof(AccessDbContext)));
        services.AddSingleton<DatabaseTokenAuthenticator>();
        services.AddSingleton<ITokenAuthenticator>(sp => sp.GetRequiredService<DatabaseTokenAuthenticator>());
        // Reads from the legacy adapter's IBackfillSource<LegacyTokenGrant> (registered in Program).
        services.AddBackfill<AccessDbContext, LegacyTokenGrant, LegacyTokenImport>(LegacyTokenImport.BackfillName);
        return services;
    }
}
