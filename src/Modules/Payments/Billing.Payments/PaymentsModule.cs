using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Billing.Payments.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Payments;

/// <summary>Payments: collection of invoices and payment methods (its first slice arrives with its issue).</summary>
public sealed class PaymentsModule : IModule
{
    public const string ModuleName = "payments";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<PaymentsDbContext>(new ModuleDescriptor(ModuleName, typeof(PaymentsModule).Assembly, typeof(PaymentsDbContext)));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
