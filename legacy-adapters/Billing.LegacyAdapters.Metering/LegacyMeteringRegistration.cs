using System.Net.Http.Headers;
using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.LegacyAdapters.Metering.Intake;
using Billing.Usage.Contracts.Legacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;

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

    public const string IntakeHttpClientName = "legacy-metering-intake";

    /// <summary>The port Usage's backfill reads legacy metering through: its <c>/internal/*</c> export endpoints.</summary>
    public static IServiceCollection AddLegacyMeteringAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LegacyMeteringOptions>()
            .Bind(configuration.GetSection(LegacyMeteringOptions.Section))
            .PostConfigure(o => o.BaseUrl ??= configuration.GetValue<Uri?>("Strangler:Services:metering:BaseUrl") is { IsAbsoluteUri: true } edge ? edge : null);
        services.AddHttpClient(HttpClientName, (sp, http) =>
        {
            PointAtLegacy(sp, http);
            http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.heroku+json; version=3");
        }).AddStandardResilienceHandler();
        services.AddScoped<IBackfillSource<LegacyMeteringRecord>, LegacyMeteringSource>();

        // Usage's dual-write to legacy's intake (ADR 0030). Generated Refit client only (ADR 0009); legacy deduplicates
        // by event id, so the standard pipeline retrying a POST is safe here.
        services.AddRefitGeneratedClient<ILegacyMeteringIntakeApi>(LegacyMeteringJson.Default, settingsAction: null, IntakeHttpClientName)
            .ConfigureHttpClient((sp, http) =>
            {
                PointAtLegacy(sp, http);
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns timeouts
            })
            .AddStandardResilienceHandler();
        services.AddScoped<ILegacyMeteringIntake, LegacyMeteringIntake>();
        return services;
    }

    /// <summary>Legacy's address (an unconfigured one fails on first use with a name that says why) and its admin token.</summary>
    private static void PointAtLegacy(IServiceProvider services, HttpClient http)
    {
        var options = services.GetRequiredService<IOptions<LegacyMeteringOptions>>().Value;
        http.BaseAddress = options.BaseUrl ?? new Uri("http://legacy-metering.not-configured.invalid/");
        if (!string.IsNullOrEmpty(options.AdminToken))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminToken);
        }
    }
}
