using System.Globalization;
using System.Text.Json;

namespace Billing.Benchmarks.UsageIngestion;

/// <summary>One usage event as a platform producer reports it, and as a row of <c>usage.usage_events</c>.</summary>
internal sealed record BenchEvent(string Id, int OwnerKind, Guid OwnerId, Guid AppId, string Metric, string Subject, string Variant, decimal Value, DateTimeOffset OccurredAt);

/// <summary>
/// A deterministic mix over many owners: formation gauges (most of the traffic), add-on meter readings and
/// add-on plan changes, all within the last day (or <c>spreadSeconds</c>) so none is refused by the back-dating window. With
/// <paramref name="metersOnly"/> every event is an add-on meter reading (a counter), as from busy metered add-ons.
/// </summary>
internal static class Workload
{
    public static Guid Team(int owner) => new(owner, 0x2026, 0x1128, 1, 2, 3, 4, 5, 6, 7, 8);

    public static BenchEvent[] Events(int round, int count, int owners, DateTimeOffset now, bool metersOnly = false, int spreadSeconds = 86_400)
    {
        var random = new Random(1000 + round);
        var teams = Enumerable.Range(0, owners).Select(Team).ToArray();
        var events = new BenchEvent[count];
        for (var i = 0; i < count; i++)
        {
            var owner = random.Next(owners);
            var app = new Guid(owner, 0x0a99, 0x0001, 1, 2, 3, 4, 5, 6, 7, (byte)random.Next(4));
            var at = now.AddSeconds(-random.Next(1, spreadSeconds));
            var id = string.Create(CultureInfo.InvariantCulture, $"bench-{round}-{i}");
            events[i] = (metersOnly ? 7 : i % 10) switch
            {
                < 7 => new BenchEvent(id, 1, teams[owner], app, "formation.quantity", i % 3 == 0 ? "worker" : "web", "standard-1x", random.Next(0, 10), at),
                < 9 => new BenchEvent(id, 1, teams[owner], app, "requests", AddonOf(app), string.Empty, random.Next(1, 5000), at),
                _ => new BenchEvent(id, 1, teams[owner], app, "addon.plan", AddonOf(app), "0a1b2c3d-0000-4000-8000-000000000001", random.Next(0, 2), at),
            };
        }

        return events;
    }

    /// <summary>The intake body for a batch, serialised before timing starts so the client's JSON work is not measured.</summary>
    public static byte[] Body(ReadOnlySpan<BenchEvent> batch)
    {
        using var buffer = new MemoryStream(batch.Length * 260);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("events");
            foreach (var e in batch)
            {
                json.WriteStartObject();
                json.WriteString("id", e.Id);
                json.WriteString("occurred_at", e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteStartObject("owner");
                json.WriteString("type", e.OwnerKind == 1 ? "team" : "account");
                json.WriteString("id", e.OwnerId);
                json.WriteEndObject();
                json.WriteString("app_id", e.AppId);
                json.WriteString("metric", e.Metric);
                switch (e.Metric)
                {
                    case "formation.quantity":
                        json.WriteString("process_type", e.Subject);
                        json.WriteString("size", e.Variant);
                        break;
                    case "addon.plan":
                        json.WriteString("addon_id", e.Subject);
                        json.WriteString("plan_id", e.Variant);
                        break;
                    default:
                        json.WriteString("addon_id", e.Subject);
                        break;
                }

                json.WriteNumber("value", e.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Puts <paramref name="percent"/> % of the owners' teams into enterprise accounts of ten teams each, through Licensing's
    /// staff API, each account under a contract licensing dyno units from the start of this month for a year. Returns the
    /// number of enterprise teams.
    /// </summary>
    public static async Task<int> SignEnterpriseAsync(HttpClient http, string adminToken, int owners, int percent)
    {
        var teams = owners * percent / 100;
        var since = new DateTimeOffset(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);
        for (var first = 0; first < teams; first += 10)
        {
            var account = new Guid(first, 0x0e17, 0x0001, 1, 2, 3, 4, 5, 6, 7, 8);
            var name = $"bench-enterprise-{first}";
            var members = Enumerable.Range(first, Math.Min(10, teams - first)).Select(i => new { id = Team(i), name = $"bench-team-{i}" }).ToArray();
            await SendAsync(http, adminToken, HttpMethod.Put, $"/admin/licensing/enterprise-accounts/{account}", new { name, teams = members });
            await SendAsync(http, adminToken, HttpMethod.Post, $"/admin/licensing/enterprise-accounts/{name}/contracts", new
            {
                reference = $"BENCH-{first}",
                starts_at = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ends_at = since.AddYears(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                licences = new[] { new { product = "dyno_units", monthly_quantity = 50m, on_demand_rate = new { cents = 4000 }, hard_limit = false } },
                reason = "benchmark",
            });
        }

        return teams;
    }

    private static async Task SendAsync(HttpClient http, string adminToken, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string AddonOf(Guid app) => new Guid(app.ToString("N")[..24] + "add0ad00").ToString("D");
}
