using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Billing.Host.Operability;

/// <summary>Ready only when every module's database answers.</summary>
internal sealed class DatabasesHealthCheck(IServiceScopeFactory scopes, ModuleCatalog catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = new List<string>();
        foreach (var module in catalog.Modules)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(module.DbContextType);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                failing.Add(module.Name);
            }
        }

        return failing.Count == 0
            ? HealthCheckResult.Healthy("All module databases answer.")
            : HealthCheckResult.Unhealthy("Unreachable: " + string.Join(", ", failing));
    }
}
