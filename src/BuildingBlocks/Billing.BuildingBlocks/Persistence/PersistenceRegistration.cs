using Billing.BuildingBlocks.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Billing.BuildingBlocks.Persistence;

public static class PersistenceRegistration
{
    /// <summary>Binds <see cref="DatabaseOptions"/> and, for PostgreSQL, one shared data source.</summary>
    public static IServiceCollection AddBillingPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .PostConfigure(o => o.ConnectionString ??= configuration.GetConnectionString("Billing"));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new NpgsqlDataSourceBuilder(options.ConnectionString ?? "Host=unused").Build();
        });
        services.TryAddSingleton<DatabaseMigrator>();
        return services;
    }

    /// <summary>
    /// Registers a module's DbContext on the configured provider and records it in the module catalog
    /// so that the unit of work, the outbox dispatcher and the migrator can find it.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, ModuleDescriptor module)
        where TContext : ModuleDbContext
    {
        ArgumentNullException.ThrowIfNull(module);
        services.GetOrAddModuleCatalog().Add(module);
        services.AddDbContext<TContext>((sp, builder) =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            Configure(builder, options, module.Name, sp.GetRequiredService<NpgsqlDataSource>);
            builder.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        return services;
    }

    public static ModuleCatalog GetOrAddModuleCatalog(this IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ModuleCatalog))?.ImplementationInstance;
        if (existing is ModuleCatalog catalog)
        {
            return catalog;
        }

        catalog = new ModuleCatalog();
        services.AddSingleton(catalog);
        return catalog;
    }

    internal static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options, string schema, Func<NpgsqlDataSource>? dataSource)
    {
        if (options.UsesPostgres)
        {
            Action<Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder> npgsql =
                o => o.MigrationsHistoryTable("__ef_migrations_history", schema);
            if (dataSource is null)
            {
                builder.UseNpgsql(options.ConnectionString, npgsql);
            }
            else
            {
                builder.UseNpgsql(dataSource(), npgsql);
            }
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory);
            var file = Path.Combine(options.DataDirectory, schema + ".db");
            builder.UseSqlite($"Data Source={file}", sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"));
        }

        builder.UseSnakeCaseNamingConvention();
        builder.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
        builder.ReplaceService<IModelCacheKeyFactory, ProviderAwareModelCacheKeyFactory>();
    }
}
