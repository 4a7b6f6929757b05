using System.Net.Http.Headers;
using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.Usage.Contracts.Legacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Billing.LegacyAdapters.Metering;

/// <summary>How to reach the legacy Elixir metering service; bound from <c>Legacy:Metering:*</c>.</summary>
internal sealed class LegacyMeteringOptions
{
    public const string Section = "Legacy:Metering";

    /// <summary>Root of the legacy service; defaults to the strangler edge's <c>metering</c> service address.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The legacy service's admin token (its export endpoints are admin-only).</summary>
    public string? AdminToken { get; set; }
}

public static class LegacyMeteringRegistration
{
    public const string HttpClientName = "legacy-metering";

    /// <summary>The port Usage's backfill reads legacy metering through: its <c>/internal/*</c> export endpoints.</summary>
    public static IServiceCollection AddLegacyMeteringAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LegacyMeteringOptions>()
            .Bind(configuration.GetSection(LegacyMeteringOptions.Section))
            .PostConfigure(o => o.BaseUrl ??= configuration.GetValue<Uri?>("Strangler:Services:metering:BaseUrl") is { IsAbsoluteUri: true } edge ? edge : null);
        services.AddHttpClient(HttpClientName, (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<LegacyMeteringOptions>>().Value;
            http.BaseAddress = options.BaseUrl ?? new Uri("http://legacy-metering.not-configured.invalid/");
            if (!string.IsNullOrEmpty(options.AdminToken))
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminToken);
            }

            http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.heroku+json; version=3");
        }).AddStandardResilienceHandler();
        services.AddScoped<IBackfillSource<LegacyMeteringRecord>, LegacyMeteringSource>();
        return services;
    }
}
