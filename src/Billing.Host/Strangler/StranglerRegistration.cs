using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;

namespace Billing.Host.Strangler;

internal static class StranglerRegistration
{
    public static IServiceCollection AddStranglerEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StranglerOptions>().Bind(configuration.GetSection(StranglerOptions.Section));
        services.AddSingleton<CapabilityKinds>();
        services.AddTransient<IStartupFilter, StranglerStartupCheck>();
        services.AddHttpForwarder();
        services.AddModuleDbContext<StranglerDbContext>(new ModuleDescriptor(StranglerDbContext.SchemaName, typeof(StranglerDbContext).Assembly, typeof(StranglerDbContext)));
        services.AddSingleton<LegacyForwarder>();
        services.AddSingleton<LegacyRouteMap>();
        services.AddSingleton<CapabilityRegistry>();
        services.AddSingleton<MigrationFigures>();
        services.AddSingleton<ShadowRunner>();
        services.AddHostedService<CapabilityOverridePoller>();
        return services;
    }

    /// <summary>The strangler decision runs right after routing; the catch-all sends everything unserved to legacy.</summary>
    public static WebApplication UseStranglerEdge(this WebApplication app)
    {
        app.UseMiddleware<StranglerMiddleware>();
        return app;
    }

    public static void MapLegacyFallback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/{**path}", _ => Task.CompletedTask)
            .WithOrder(int.MaxValue)
            .WithMetadata(LegacyFallbackMetadata.Instance)
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
