using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Modules;

/// <summary>
/// The one public type of a module project: it registers the module's services and maps its
/// endpoints. Everything else in a module is internal.
/// </summary>
public interface IModule
{
    /// <summary>Lower-case module name; also the database schema and the route-group tag.</summary>
    string Name { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration);

    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
