using Billing.BuildingBlocks.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Billing.BuildingBlocks.Persistence;

/// <summary>
/// Applies every module's pending migrations for the configured provider. EF Core takes a
/// database lock while migrating, so several hosts starting together on one PostgreSQL are safe.
/// </summary>
public sealed class DatabaseMigrator(IServiceScopeFactory scopes, ModuleCatalog catalog, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        foreach (var module in catalog.Modules)
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(module.DbContextType);
            // The history table first: on a fresh database EF reads it before creating it, and each failed read is
            // logged as an Error (two per module) that an operator on call would take for a broken deployment.
            await context.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                continue;
            }

            logger.LogInformation("Applying {Count} migration(s) to module {Module} on {Provider}: {Migrations}",
                pending.Count, module.Name, context.Provider, pending);
            await context.Database.MigrateAsync(cancellationToken);
        }
    }
}
