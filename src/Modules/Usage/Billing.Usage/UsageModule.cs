using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Contracts;
using Billing.BuildingBlocks.Backfill;
using Billing.Licensing.Contracts;
using Billing.Usage.Backfill;
using Billing.Usage.ClosedPeriods;
using Billing.Usage.Contracts.Legacy;
using Billing.Usage.Rates;
using Billing.Usage.Reports;
using Billing.Usage.Contracts;
using Billing.Usage.Intake;
using Billing.Usage.DualWrite;
using Billing.Usage.Persistence;
using Billing.Usage.Reading;
using Billing.Usage.Rollups;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Usage;

/// <summary>Usage: metering intake with durable dedup, the usage read model other modules bill from, and usage reports.</summary>
public sealed class UsageModule : IModule
{
    public const string ModuleName = "usage";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<UsageDbContext>(new ModuleDescriptor(ModuleName, typeof(UsageModule).Assembly, typeof(UsageDbContext)));
        services.AddMediator(options =>
        {
            options.Namespace = "Billing.Usage.Mediation";
            options.GenerateTypesAsInternal = true;
            options.ServiceLifetime = ServiceLifetime.Scoped;
        });
        services.AddModuleSender<Mediation.Mediator>(ModuleName);
        services.AddOptions<UsageIntakeOptions>().Bind(configuration.GetSection(UsageIntakeOptions.Section));
        services.AddScoped<UsageEventWriter>();
        services.AddScoped<RollupMaintenance>();
        services.AddOptions<UsageRollupOptions>().Bind(configuration.GetSection(UsageRollupOptions.Section));
        services.AddScoped<PendingRollups>();
        services.AddHostedService<PendingRollupWorker>();
        services.AddScoped<StoredRollupReads>();
        services.AddScoped<IUsageReader>(sp => sp.GetRequiredService<UsageReader>());
        services.AddIntegrationEvent<UsageRecorded>();
        services.AddIntegrationEvent<UsageBatchRecorded>();
        services.AddIntegrationEvent<UsageCorrectionRecorded>();
        // Dual-write to legacy metering (ADR 0030); ILegacyMeteringIntake is registered by the host's metering adapter.
        services.AddIntegrationEvent<LegacyForwardRequested>();
        services.AddIntegrationEventHandler<LegacyForwardRequested, ForwardToLegacyMetering>();
        services.AddIntegrationEventHandler<InvoiceFinalized, RecordClosedPeriod>();
        services.AddIntegrationEventHandler<DynoSizePublished, RecordPriceBook>();
        services.AddIntegrationEventHandler<PlanPriced, RecordPriceBook>();
        services.AddScoped<LegacyMeteringReplay>();
        services.AddScoped<UsageReader>();
        services.AddScoped<TeamUsageLoader>();
        // Reads from the legacy metering adapter's IBackfillSource<LegacyMeteringRecord> (registered by the host).
        services.AddBackfill<UsageDbContext, LegacyMeteringRecord, LegacyMeteringImport>(LegacyMeteringImport.BackfillName);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        IntakeEndpoint.Map(endpoints.MapApiGroup(ModuleName, policy: Policies.UsageProducer));
        UsageReportEndpoints.Map(endpoints.MapApiGroup(ModuleName));
        LegacyMeteringReplayEndpoint.Map(endpoints.MapApiGroup(ModuleName, policy: Policies.Admin));
    }
}
