using System.Globalization;
using System.Net.Http.Json;

namespace Billing.IntegrationTests.Usage;

/// <summary>Builds intake bodies the way a platform producer sends them.</summary>
internal static class UsageEvents
{
    public static string At(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static object Formation(string id, DateTimeOffset at, Guid appId, Guid teamId, int quantity, string processType = "web", string size = "standard-1x") => new
    {
        id,
        occurred_at = At(at),
        owner = new { type = "team", id = teamId },
        app_id = appId,
        metric = "formation.quantity",
        process_type = processType,
        size,
        value = quantity,
    };

    public static object Meter(string id, DateTimeOffset at, Guid appId, Guid accountId, Guid addonId, decimal value, string meter = "requests") => new
    {
        id,
        occurred_at = At(at),
        owner = new { type = "account", id = accountId },
        app_id = appId,
        metric = meter,
        addon_id = addonId,
        value,
    };

    public static Task<HttpResponseMessage> PostEventsAsync(this HttpClient producer, params object[] events) =>
        producer.PostAsJsonAsync("/usage-events", new { events });
}
