using Billing.BuildingBlocks.Persistence;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Billing.BuildingBlocks.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire on PostgreSQL (its own <c>hangfire</c> schema) when a connection string is configured,
    /// in memory for the embedded default.
    /// </summary>
    public static IServiceCollection AddBillingJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(JobsOptions.Section);
        services.AddOptions<JobsOptions>().Bind(section);
        var jobs = section.Get<JobsOptions>() ?? new JobsOptions();
        var database = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.Section).Bind(database);
        database.ConnectionString ??= configuration.GetConnectionString("Billing");

        services.AddHangfire((sp, config) =>
        {
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

        if (jobs.ServerEnabled)
        {
            services.AddHangfireServer(o => o.WorkerCount = jobs.WorkerCount);
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
