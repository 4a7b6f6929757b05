using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Billing.BuildingBlocks.Mediation;

public static class MediationRegistration
{
    /// <summary>
    /// The pipeline every module's generated mediator runs, registered once: logging, then
    /// validation, then the unit of work (outermost first).
    /// </summary>
    public static IServiceCollection AddBillingMediationPipeline(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>)));
        services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>)));
        services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), typeof(UnitOfWorkBehavior<,>)));
        return services;
    }

    /// <summary>
    /// Each module has its own source-generated mediator (so handlers stay internal to the module);
    /// this exposes it as the module's keyed <see cref="ISender"/>. The unkeyed IMediator/ISender the
    /// generator adds are removed so nobody can accidentally send through another module's mediator.
    /// </summary>
    public static IServiceCollection AddModuleSender<TModuleMediator>(this IServiceCollection services, string moduleName)
        where TModuleMediator : class, ISender
    {
        services.RemoveAll<IMediator>();
        services.RemoveAll<ISender>();
        services.RemoveAll<IPublisher>();
        services.AddKeyedScoped<ISender>(moduleName, (sp, _) => sp.GetRequiredService<TModuleMediator>());
        return services;
    }
}
