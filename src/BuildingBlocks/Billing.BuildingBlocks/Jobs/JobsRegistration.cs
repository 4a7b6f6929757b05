using Billing.BuildingBlocks.Persistence;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Billing.BuildingBlocks.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire on PostgreSQL (its own <c>hangfire</c> schema) when a connection string is configured,
    /// in memory for the embedded default.
    /// </summary>
    public static IServiceCollection AddBillingJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section));

        // Storage and server read their options when resolved, not here: configuration added after
        // registration (a test host's settings, say) must still decide where jobs live and who runs them.
        services.AddHangfire((sp, config) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.UsesPostgres)
            {
                config.UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });

        var before = services.Count;
        services.AddHangfireServer((sp, o) => o.WorkerCount = sp.GetRequiredService<IOptions<JobsOptions>>().Value.WorkerCount);
        foreach (var server in services.Skip(before).Where(d => d.ServiceType == typeof(IHostedService)).ToList())
        {
            services.Remove(server);
            services.AddSingleton<IHostedService>(sp => new EnabledOnlyHostedService(
                sp.GetRequiredService<IOptions<JobsOptions>>().Value.ServerEnabled ? (IHostedService)server.ImplementationFactory!(sp) : null));
        }

        services.TryAddScoped<RecurringJobRunner>();
        services.AddHostedService<RecurringJobScheduler>();
        return services;
    }

    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services)
        where TJob : class, IRecurringJob
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IRecurringJob, TJob>());
        return services;
    }
}
