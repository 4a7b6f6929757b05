using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Billing.Host.Operability;

internal static class Telemetry
{
    /// <summary>Traces and metrics for HTTP in and out and PostgreSQL, exported over OTLP when an endpoint is configured.</summary>
    /// <remarks>
    /// Without an endpoint the SDK is not registered at all: a listener with nowhere to send would still
    /// create and tag an activity for every request in and out, which the forwarding benchmark pays for
    /// on every proxied call. The live migration figures (/admin/migration) do not depend on it.
    /// </remarks>
    public static IServiceCollection AddBillingTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("billing-modular"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql().AddSource("Billing.*"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter("Billing.*"))
            .UseOtlpExporter();
        return services;
    }
}
