using Billing.BuildingBlocks.Backfill;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Jobs;
using Billing.BuildingBlocks.Mediation;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Backfill;
using Billing.Invoicing.Contracts;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Credits;
using Billing.Invoicing.InvoiceAddresses;
using Billing.Invoicing.Invoices;
using Billing.Invoicing.Issuing;
using Billing.Invoicing.PaymentStatus;
using Billing.Invoicing.Persistence;
using Billing.Invoicing.RateCard;
using Billing.Invoicing.Reconciliation;
using Billing.Invoicing.Reissuing;
using Billing.Invoicing.Runs;
using Billing.Invoicing.Support;
using Billing.Invoicing.Voiding;
using Billing.Licensing.Contracts;
using Billing.Usage.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Invoicing;

/// <summary>Invoicing: rating, billing runs, invoices and credits.</summary>
public sealed class InvoicingModule : IModule
{
    public const string ModuleName = "invoicing";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<InvoicingDbContext>(new ModuleDescriptor(ModuleName, typeof(InvoicingModule).Assembly, typeof(InvoicingDbContext)));
        services.AddMediator(options =>
        {
            options.Namespace = "Billing.Invoicing.Mediation";
            options.GenerateTypesAsInternal = true;
            options.ServiceLifetime = ServiceLifetime.Scoped;
        });
        services.AddModuleSender<Mediation.Mediator>(ModuleName);
        services.AddScoped<IValidator<GrantCredit>, GrantCreditValidator>();
        services.AddScoped<IValidator<DefinePromoCode>, DefinePromoCodeValidator>();
        services.AddScoped<IValidator<UpdateInvoiceAddress>, UpdateInvoiceAddressValidator>();
        services.AddScoped<IValidator<CreateAdjustment>, CreateAdjustmentValidator>();
        services.AddScoped<IValidator<VoidInvoice>, VoidInvoiceValidator>();
        services.AddIntegrationEventHandler<UsageCorrectionRecorded, RecordUsageCorrection>();
        services.AddIntegrationEvent<CreditGranted>();
        services.AddIntegrationEventHandler<DynoSizePublished, RecordDynoSizeRate>();
        services.AddIntegrationEventHandler<DynoSizePriceChanged, RecordDynoSizeRate>();
        services.AddIntegrationEventHandler<PlanPriced, RecordPlanRate>();
        services.AddIntegrationEventHandler<PlanMeterPriced, RecordPlanMeterRate>();
        services.AddIntegrationEvent<InvoiceFinalized>();
        services.AddIntegrationEvent<InvoicePaid>();
        services.AddIntegrationEvent<InvoicePaymentFailed>();
        services.AddIntegrationEvent<InvoiceVoided>();
        services.AddIntegrationEvent<CreditApplied>();
        services.AddOptions<InvoicingOptions>().Bind(configuration.GetSection(InvoicingOptions.Section));
        services.AddScoped<OwnerRating>();
        services.AddScoped<LineTraces>();
        services.AddScoped<InvoiceIssuer>();
        services.AddScoped<InvoiceWriter>();
        services.AddScoped<BillingRunStarter>();
        services.AddScoped<InvoiceReissuer>();
        services.AddScoped<BillingRunJobs>();
        services.AddRecurringJob<MonthlyBillingRun>();
        services.AddScoped<LegacyReconciliation>();
        services.AddRecurringJob<ReconciliationJob>();
        services.AddScoped<LegacyPaymentStatusSync>();
        services.AddScoped<InvoiceAddressReplay>();
        services.AddScoped<CreditRedemptionReplay>();
        services.AddRecurringJob<PaymentStatusSyncJob>();
        // Reads from the legacy adapter's IBackfillSource<LegacyBillingRecord> (registered by the host).
        services.AddBackfill<InvoicingDbContext, LegacyBillingRecord, LegacyBillingImport>(LegacyBillingImport.BackfillName);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup(ModuleName);
        CreditEndpoints.Map(api);
        PromoCodeEndpoints.Map(api);
        BillingRunEndpoints.Map(api);
        InvoiceEndpoints.Map(api);
        UpcomingInvoice.Map(api);
        InvoiceAddressEndpoints.Map(api);
        ReconciliationEndpoints.Map(api);
        SupportEndpoints.Map(api);
        VoidEndpoints.Map(api);
        ReissueEndpoints.Map(api);
        PaymentStatusEndpoints.Map(api);
    }
}
