using System.Globalization;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain.Rating;

namespace Billing.UnitTests.Invoicing;

/// <summary>The legacy stand-ins' fixture data set (usage, prices, credits, invoices) as rating inputs.</summary>
internal sealed class LegacyFixtures
{
    private static readonly Lazy<LegacyFixtures> Loaded = new(() => new LegacyFixtures());

    private LegacyFixtures()
    {
        var data = Path.Combine(RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data");
        JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(data, file))).RootElement.Clone();
        var directory = Read("directory.json");
        var prices = Read("prices.json");
        var usage = Read("usage.json");
        Invoices = Read("invoices.json");
        Credits = Read("credits.json");

        Apps = directory.GetProperty("apps").EnumerateArray().ToDictionary(
            a => Guid.Parse(a.GetProperty("id").GetString()!),
            a => (Name: a.GetProperty("name").GetString()!,
                  Owner: a.GetProperty("team_id").ValueKind == JsonValueKind.String
                      ? BillableOwner.Team(Guid.Parse(a.GetProperty("team_id").GetString()!))
                      : BillableOwner.Account(Guid.Parse(a.GetProperty("owner_account_id").GetString()!))));
        AppNames = Apps.ToDictionary(a => a.Key, a => a.Value.Name);

        var epoch = DateTimeOffset.UnixEpoch;
        var sizes = prices.GetProperty("dyno_sizes").EnumerateArray().ToDictionary(
            s => s.GetProperty("name").GetString()!,
            s => new PriceSchedule([new PriceVersionTerms(Guid.Parse(s.GetProperty("id").GetString()!), s.GetProperty("cost").GetProperty("cents").GetInt64(), epoch)]));
        var plans = prices.GetProperty("plans").EnumerateArray().ToDictionary(
            p => Guid.Parse(p.GetProperty("id").GetString()!),
            p => new PlanTerms(Guid.Parse(p.GetProperty("id").GetString()!), p.GetProperty("name").GetString()!,
                new PriceSchedule([new PriceVersionTerms(Guid.NewGuid(), p.GetProperty("price").GetProperty("cents").GetInt64(), epoch)
                {
                    Contract = p.GetProperty("price").GetProperty("contract").GetBoolean(),
                    Metered = p.GetProperty("price").GetProperty("metered").GetBoolean(),
                }])));
        var units = prices.GetProperty("dyno_sizes").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("precise_dyno_units").GetDecimal());
        RateCard = new RateCardSnapshot(sizes, plans, units);

        var n = 0;
        Dynos = [.. usage.GetProperty("formation_intervals").EnumerateArray().Select(f => new DynoUsage(
            Guid.Parse(f.GetProperty("app_id").GetString()!), f.GetProperty("process_type").GetString()!, f.GetProperty("size").GetString()!,
            f.GetProperty("quantity").GetInt32(), Instant(f.GetProperty("started_at")), Instant(f.GetProperty("ended_at")), $"formation-{n++}"))];
        Addons = [.. usage.GetProperty("addon_intervals").EnumerateArray().Select(a => new AddonUsage(
            Guid.Parse(a.GetProperty("app_id").GetString()!), Guid.Parse(a.GetProperty("addon_id").GetString()!), Guid.Parse(a.GetProperty("plan_id").GetString()!),
            true, Instant(a.GetProperty("started_at")), Instant(a.GetProperty("ended_at")), $"addon-{n++}"))];
    }

    public static LegacyFixtures Instance => Loaded.Value;

    public JsonElement Invoices { get; }

    public JsonElement Credits { get; }

    public IReadOnlyDictionary<Guid, (string Name, BillableOwner Owner)> Apps { get; }

    public IReadOnlyDictionary<Guid, string> AppNames { get; }

    public RateCardSnapshot RateCard { get; }

    public IReadOnlyList<DynoUsage> Dynos { get; }

    public IReadOnlyList<AddonUsage> Addons { get; }

    public static IEnumerable<BillingPeriod> Months()
    {
        for (var month = new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero); month < new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero); month = month.AddMonths(1))
        {
            yield return BillingPeriod.MonthOf(month);
        }
    }

    public RatingRequest Request(BillableOwner owner, BillingPeriod period) =>
        new(owner, period, [.. Dynos.Where(d => Apps[d.AppId].Owner == owner)], [.. Addons.Where(a => Apps[a.AppId].Owner == owner)], AppNames);

    public IEnumerable<BillableOwner> Owners() => Apps.Values.Select(a => a.Owner).Distinct();

    public IEnumerable<(BillableOwner Owner, JsonElement Invoice)> LegacyInvoices() =>
        Invoices.GetProperty("account_invoices").EnumerateArray().Select(i => (BillableOwner.Account(Guid.Parse(i.GetProperty("account_id").GetString()!)), i))
            .Concat(Invoices.GetProperty("team_invoices").EnumerateArray().Select(i => (BillableOwner.Team(Guid.Parse(i.GetProperty("team_id").GetString()!)), i)));

    public static BillingPeriod PeriodOf(JsonElement invoice) =>
        BillingPeriod.MonthOf(new DateTimeOffset(DateTime.ParseExact(invoice.GetProperty("period_start").GetString()!, "MM/dd/yyyy", CultureInfo.InvariantCulture), TimeSpan.Zero));

    private static DateTimeOffset Instant(JsonElement value) => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture).ToUniversalTime();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Billing.Modular.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}
