using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

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

    /// <summary>A first deployment logs no errors: an operator reading the log must not see a healthy start as a failure.</summary>
    [Fact]
    public async Task Migrating_a_fresh_database_logs_no_error_and_migrating_it_again_applies_nothing()
    {
        var database = "billing_fresh_" + Guid.NewGuid().ToString("N")[..8];
        await PostgresServer.ExecuteAsync(Fixture.Server.ConnectionString("postgres"), $"CREATE DATABASE {database}");
        try
        {
            var settings = BillingApiFactory.DefaultSettings();
            settings["ConnectionStrings:Billing"] = Fixture.Server.ConnectionString(database);
            var logged = new ErrorsLogged();
            for (var start = 0; start < 2; start++)
            {
                await using var host = new BillingApiFactory(settings).WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logged)));
                _ = host.Server; // starts the host, which migrates

                await using var scope = host.Services.CreateAsyncScope();
                foreach (var module in scope.ServiceProvider.GetRequiredService<ModuleCatalog>().Modules)
                {
                    var context = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(module.DbContextType);
                    Assert.Empty(await context.Database.GetPendingMigrationsAsync());
                }
            }

            Assert.Empty(logged.Messages);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.ExecuteAsync(Fixture.Server.ConnectionString("postgres"), $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    /// <summary>Every Error (or worse) any category logs, with its category.</summary>
    private sealed class ErrorsLogged : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorsLogged sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lock (sink.Messages)
                    {
                        sink.Messages.Add($"{category}: {formatter(state, exception)}");
                    }
                }
            }
        }
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
