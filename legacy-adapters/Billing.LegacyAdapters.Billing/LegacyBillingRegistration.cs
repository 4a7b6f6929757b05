using System.Net.Http.Headers;
using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.BuildingBlocks.Auth;
using Billing.Invoicing.Contracts.Legacy;
using Billing.LegacyAdapters.Billing.Api;
using Billing.LegacyAdapters.Billing.Invoicing;
using Billing.LegacyAdapters.Billing.Enterprise;
using Billing.LegacyAdapters.Billing.Payments;
using Billing.LegacyAdapters.Billing.Resilience;
using Billing.LegacyAdapters.Billing.PriceBook;
using Billing.LegacyAdapters.Billing.Tokens;
using Billing.Licensing.Contracts.Legacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;

namespace Billing.LegacyAdapters.Billing;

public static class LegacyBillingRegistration
{
    /// <summary>
    /// The Refit client for the legacy Ruby billing service (options from <c>Legacy:Billing:*</c>) behind a
    /// resilience pipeline, and the ports it implements for the modules and backfills.
    /// </summary>
    public static IHttpClientBuilder AddLegacyBillingAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LegacyBillingOptions>()
            .Bind(configuration.GetSection(LegacyBillingOptions.Section))
            // One place to say where legacy billing is: the strangler edge's service address, unless set here.
            .PostConfigure(o => o.BaseUrl ??= configuration.GetValue<Uri?>("Strangler:Services:billing:BaseUrl") is { IsAbsoluteUri: true } edge ? edge : null);

        // Generated client only: Refit's reflection builder is not available here (docs/adr/0009).
        var client = services
            .AddRefitGeneratedClient<ILegacyBillingApi>(LegacyBillingJson.Default, settingsAction: null, LegacyBillingClient.HttpClientName)
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<LegacyBillingOptions>>().Value;
                // Refit needs an absolute base; an unconfigured one fails on first use with a message that says why.
                http.BaseAddress = options.BaseUrl ?? new Uri("http://legacy-billing.not-configured.invalid/");
                if (!string.IsNullOrEmpty(options.AdminToken))
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminToken);
                }

                // The resilience pipeline owns timeouts; HttpClient's own 100 s default must not cut in first.
                http.Timeout = Timeout.InfiniteTimeSpan;
            });
        client.AddResilienceHandler(LegacyBillingClient.ResiliencePipelineName, (pipeline, context) =>
            LegacyResiliencePipeline.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<LegacyBillingOptions>>().Value));

        services.AddScoped<IBackfillSource<LegacyTokenGrant>, LegacyTokenSource>();
        services.AddScoped<IBackfillSource<LegacyPriceBookEntry>, LegacyPriceBookSource>();
        services.AddScoped<IBackfillSource<LegacyBillingRecord>, LegacyBillingRecordSource>();
        services.AddScoped<IBackfillSource<LegacyEnterpriseAccountEntry>, LegacyEnterpriseDirectorySource>();
        services.AddScoped<IBackfillSource<LegacyDelinquencyEntry>, LegacyDelinquencySource>();
        services.AddScoped<ILegacyInvoicePayments, LegacyInvoicePaymentsSource>();
        services.AddScoped<ILegacyInvoiceAddresses, LegacyInvoiceAddressWriter>();
        services.AddScoped<ILegacyCreditRedemptions, LegacyCreditRedemptionWriter>();
        return client;
    }
}
