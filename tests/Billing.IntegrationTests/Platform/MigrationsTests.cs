using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Platform;

/// <summary>
/// Each provider's migration set must describe the current model: a forgotten migration (or a
/// snapshot of the wrong provider) shows up here rather than in production.
/// </summary>
public sealed class MigrationsTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public void Postgres_migrations_are_complete_for_every_module()
    {
        AssertComplete(Factory.Services, DatabaseProvider.Postgres);
    }

    [Fact]
    public async Task Sqlite_migrations_are_complete_for_every_module()
    {
        var settings = BillingApiFactory.DefaultSettings();
        settings["ConnectionStrings:Billing"] = string.Empty;
        settings["Database:DataDirectory"] = Path.Combine(Path.GetTempPath(), "billing-migrations-" + Guid.NewGuid().ToString("N")[..8]);
        settings["Database:MigrateOnStartup"] = "false";
        await using var factory = new BillingApiFactory(settings);

        AssertComplete(factory.Services, DatabaseProvider.Sqlite);
    }

    private static void AssertComplete(IServiceProvider services, DatabaseProvider provider)
    {
        var catalog = services.GetRequiredService<ModuleCatalog>();
        using var scope = services.CreateScope();
        Assert.Equal(6, catalog.Modules.Count);
        foreach (var module in catalog.Modules)
        {
            var context = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(module.DbContextType);
            Assert.Equal(provider, context.Provider);
            Assert.NotEmpty(context.Database.GetMigrations());
            Assert.False(context.Database.HasPendingModelChanges(), $"{module.Name} on {provider} has model changes without a migration.");
        }
    }
}
