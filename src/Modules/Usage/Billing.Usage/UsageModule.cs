using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Usage;

/// <summary>Usage: metering intake, rollups and Heroku-compatible usage reports (issue 5 brings the first slice).</summary>
public sealed class UsageModule : IModule
{
    public const string ModuleName = "usage";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<UsageDbContext>(new ModuleDescriptor(ModuleName, typeof(UsageModule).Assembly, typeof(UsageDbContext)));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
