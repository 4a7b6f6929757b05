using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Jobs;
using Billing.BuildingBlocks.Mediation;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Billing.BuildingBlocks;

public static class BuildingBlocksRegistration
{
    /// <summary>All shared plumbing, then each module's own registrations.</summary>
    public static IServiceCollection AddBillingPlatform(this IServiceCollection services, IConfiguration configuration, IEnumerable<IModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        services.TryAddSingleton(TimeProvider.System);
        services.AddBillingPersistence(configuration);
        services.AddBillingMessaging(configuration);
        services.AddBillingMediationPipeline();
        services.AddHerokuHttpConventions(configuration);
        services.AddBillingAuth();
        services.AddBillingJobs(configuration);
        foreach (var module in modules)
        {
            module.AddServices(services, configuration);
        }

        return services;
    }
}
