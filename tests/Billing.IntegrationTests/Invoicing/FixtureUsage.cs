using System.Globalization;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Usage.Contracts;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// The legacy fixture data set's usage (what legacy metering held) as Usage's reader serves it, and its prices as
/// Invoicing's rate card would hold them after Licensing's price-book backfill.
/// </summary>
internal static class FixtureUsage
{
    private static JsonElement Read(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(LegacyProcess.RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data", file))).RootElement.Clone();

    public static GeneratedUsage Reader()
    {
        var owners = Read("directory.json").GetProperty("apps").EnumerateArray().ToDictionary(
            a => Guid.Parse(a.GetProperty("id").GetString()!),
            a => a.GetProperty("team_id").ValueKind == JsonValueKind.String
                ? BillableOwner.Team(Guid.Parse(a.GetProperty("team_id").GetString()!))
                : BillableOwner.Account(Guid.Parse(a.GetProperty("owner_account_id").GetString()!)));
        var usage = Read("usage.json");
        var segments = new List<GaugeSegment>();
        foreach (var f in usage.GetProperty("formation_intervals").EnumerateArray())
        {
            var app = Guid.Parse(f.GetProperty("app_id").GetString()!);
            segments.Add(new GaugeSegment(owners[app], app, UsageMetrics.FormationQuantity, f.GetProperty("process_type").GetString()!, f.GetProperty("size").GetString()!,
                f.GetProperty("quantity").GetInt32(), Instant(f, "started_at"), Instant(f, "ended_at"), $"formation-{segments.Count}"));
        }

        foreach (var a in usage.GetProperty("addon_intervals").EnumerateArray())
        {
            var app = Guid.Parse(a.GetProperty("app_id").GetString()!);
            segments.Add(new GaugeSegment(owners[app], app, UsageMetrics.AddonPlan, a.GetProperty("addon_id").GetString()!, a.GetProperty("plan_id").GetString()!,
                1, Instant(a, "started_at"), Instant(a, "ended_at"), $"addon-{segments.Count}"));
        }

        return new GeneratedUsage(segments);
    }

    public static void SeedRateCard(InvoicingDbContext db)
    {
        var prices = Read("prices.json");
        foreach (var size in prices.GetProperty("dyno_sizes").EnumerateArray())
        {
            db.DynoSizeRates.Add(new DynoSizeRate(Guid.Parse(size.GetProperty("id").GetString()!), size.GetProperty("name").GetString()!,
                size.GetProperty("cost").GetProperty("cents").GetInt64(), size.GetProperty("precise_dyno_units").GetDecimal(), DateTimeOffset.UnixEpoch, Guid.NewGuid()));
        }

        foreach (var plan in prices.GetProperty("plans").EnumerateArray())
        {
            var price = plan.GetProperty("price");
            db.PlanRates.Add(new PlanRate(Guid.NewGuid(), Guid.Parse(plan.GetProperty("id").GetString()!), plan.GetProperty("name").GetString()!,
                Guid.Parse(plan.GetProperty("addon_service").GetProperty("id").GetString()!), price.GetProperty("cents").GetInt64(), price.GetProperty("unit").GetString()!,
                price.GetProperty("contract").GetBoolean(), price.GetProperty("metered").GetBoolean(), DateTimeOffset.UnixEpoch));
        }
    }

    private static DateTimeOffset Instant(JsonElement e, string name) =>
        DateTimeOffset.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture).ToUniversalTime();
}
