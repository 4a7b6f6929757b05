using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.BuildingBlocks.Backfill;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Jobs;
using Billing.BuildingBlocks.Mediation;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Billing.Licensing.AddonServices;
using Billing.Licensing.Backfill;
using Billing.Licensing.Consumption;
using Billing.Licensing.Contracts;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Delinquency;
using Billing.Licensing.DynoSizes;
using Billing.Licensing.EcoDynos;
using Billing.Licensing.PriceBook.Seed;
using Billing.Licensing.EnterpriseContracts;
using Billing.Licensing.Entitlements;
using Billing.Licensing.Persistence;
using Billing.Licensing.PlanMeters;
using Billing.Licensing.TeamLicenses;
using Billing.Payments.Contracts;
using Billing.Usage.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Licensing;

/// <summary>Licensing: the price book (dyno sizes, add-on plans), contracts and entitlements.</summary>
public sealed class LicensingModule : IModule
{
    public const string ModuleName = "licensing";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<LicensingDbContext>(new ModuleDescriptor(ModuleName, typeof(LicensingModule).Assembly, typeof(LicensingDbContext)));
        services.AddMediator(options =>
        {
            options.Namespace = "Billing.Licensing.Mediation";
            options.GenerateTypesAsInternal = true;
            options.ServiceLifetime = ServiceLifetime.Scoped;
        });
        services.AddModuleSender<Mediation.Mediator>(ModuleName);
        services.AddScoped<IValidator<PublishDynoSize>, PublishDynoSizeValidator>();
        services.AddScoped<IValidator<ChangeDynoSizePrice>, ChangeDynoSizePriceValidator>();
        services.AddScoped<IValidator<PublishPlan>, PublishPlanValidator>();
        services.AddScoped<IValidator<PublishAddonService>, PublishAddonServiceValidator>();
        services.AddScoped<IValidator<ChangePlanPrice>, ChangePlanPriceValidator>();
        services.AddIntegrationEvent<DynoSizePublished>();
        services.AddIntegrationEvent<DynoSizePriceChanged>();
        services.AddIntegrationEvent<PlanPriced>();
        // Reads from the legacy adapter's IBackfillSource<LegacyPriceBookEntry> (registered by the host).
        services.AddBackfill<LicensingDbContext, LegacyPriceBookEntry, LegacyPriceBookImport>(LegacyPriceBookImport.BackfillName);
        services.AddScoped<IValidator<ChangeEcoPlanPrice>, ChangeEcoPlanPriceValidator>();
        services.AddScoped<IValidator<SetPlanMeterPrice>, SetPlanMeterPriceValidator>();
        services.AddIntegrationEvent<EcoPlanPriced>();
        services.AddScoped<IBackfillSource<PriceTableEntry>, PriceTable2026>();
        services.AddBackfill<LicensingDbContext, PriceTableEntry, PriceTable2026Import>(PriceTable2026Import.BackfillName);
        AddEnterprise(services, configuration);
    }

    private static void AddEnterprise(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<IValidator<SignContract>, SignContractValidator>();
        services.AddScoped<IValidator<AmendContract>, AmendContractValidator>();
        services.AddScoped<IValidator<RecordEnterpriseAccount>, RecordEnterpriseAccountValidator>();
        services.AddIntegrationEvent<ContractChanged>();
        services.AddIntegrationEvent<LicenceThresholdCrossed>();
        services.AddScoped<ILicensePositions, LicensePositionsReader>();
        services.AddBackfill<LicensingDbContext, LegacyEnterpriseAccountEntry, LegacyEnterpriseDirectoryImport>(LegacyEnterpriseDirectoryImport.BackfillName);
        services.AddBackfill<LicensingDbContext, LegacyDelinquencyEntry, LegacyDelinquencyImport>(LegacyDelinquencyImport.BackfillName);

        services.AddOptions<EntitlementOptions>().Bind(configuration.GetSection(EntitlementOptions.Section));
        services.AddSingleton<EntitlementCache>();
        services.AddSingleton<CatalogueCache>();
        services.AddSingleton<IEntitlements, CachedEntitlements>();
        // Every module context gets the DI-registered interceptors; this one acts on LicensingDbContext only.
        services.AddSingleton<IInterceptor, EntitlementInvalidation>();
        services.AddIntegrationEventHandler<BillingEntityDelinquencyChanged, RecordDelinquency>();

        services.AddOptions<ConsumptionOptions>().Bind(configuration.GetSection(ConsumptionOptions.Section));
        services.AddScoped<ConsumptionStore>();
        services.AddScoped<ConsumptionMeasurement>();
        services.AddRecurringJob<RefreshLicenceConsumption>();
        services.AddIntegrationEventHandler<UsageRecorded, MeasureLicenceConsumption>();
        services.AddIntegrationEventHandler<UsageBatchRecorded, MeasureLicenceConsumption>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup(ModuleName);
        DynoSizeEndpoints.Map(api);
        AddonServiceEndpoints.Map(api);
        ContractEndpoints.Map(api);
        EntitlementEndpoints.Map(api);
        TeamLicenseEndpoints.Map(api);
        EcoPlanEndpoints.Map(api);
        PlanMeterEndpoints.Map(api);
    }
}
