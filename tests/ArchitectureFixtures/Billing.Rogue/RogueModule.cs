using Billing.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Rogue;

/// <summary>The fixture's registrar: the one public type a module is allowed to have.</summary>
public sealed class RogueModule : IModule
{
    public string Name => "rogue";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
