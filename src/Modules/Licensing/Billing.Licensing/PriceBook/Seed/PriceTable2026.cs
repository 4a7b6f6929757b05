using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.Licensing.Domain;

namespace Billing.Licensing.PriceBook.Seed;

/// <summary>One item of the 2026 list: a dyno size, or (Size null) the Eco plan.</summary>
internal sealed record PriceTableEntry(DynoSizeSpec? Size);

/// <summary>
/// heroku-billing-rules §4 table B (the Heroku CLI's 2026 COST_MONTHLY) for the sizes legacy does not serve, and
/// the Eco plan ($5 for a 1,000-hour pool, table A), as a backfill source, so seeding runs, resumes and reports
/// like any import. Heroku publishes no dyno units for these sizes; ours are a stated assumption:
/// private = performance × 1.25 and shield = private × 1.2 (the ratios of the fixture's private-l and shield-l),
/// Fir = monthly price ÷ $25 (a standard-1x dollar buys one dyno unit), to 2 decimals. Memory and vCPUs of Fir
/// sizes come from their names; the private/shield RAM and XL sizes copy their performance counterparts.
/// </summary>
internal sealed class PriceTable2026 : IBackfillSource<PriceTableEntry>
{
    private static readonly (string Name, long Dollars, decimal Units, decimal Memory, int Compute)[] PrivateAndShield =
    [
        ("private-l-ram", 500, 20, 30, 4), ("private-xl", 750, 40, 62, 8), ("private-2xl", 1500, 80, 126, 16),
        ("shield-l-ram", 600, 24, 30, 4), ("shield-xl", 900, 48, 62, 8), ("shield-2xl", 1800, 96, 126, 16),
    ];

    private static readonly (string Shape, long Dollars)[] Fir =
    [
        ("1c-0.5gb", 25), ("1c-4gb", 80), ("1c-8gb", 100), ("2c-1gb", 50), ("2c-4gb", 150), ("2c-8gb", 160), ("2c-16gb", 250),
        ("4c-8gb", 300), ("4c-16gb", 320), ("4c-32gb", 500), ("8c-16gb", 600), ("8c-32gb", 640), ("8c-64gb", 750),
        ("16c-32gb", 1200), ("16c-64gb", 1000), ("16c-128gb", 1500), ("32c-64gb", 2400),
    ];

    public static IReadOnlyList<PriceTableEntry> Entries { get; } = Build();

    public Task<BackfillPage<PriceTableEntry>> ReadPageAsync(string? cursor, CancellationToken cancellationToken) =>
        Task.FromResult(new BackfillPage<PriceTableEntry>(Entries, null));

    private static List<PriceTableEntry> Build()
    {
        var entries = new List<PriceTableEntry> { new(null) };
        foreach (var (name, dollars, units, memory, compute) in PrivateAndShield)
        {
            entries.Add(new(new DynoSizeSpec(name, dollars * 100, units, memory, compute, Dedicated: true, PrivateSpaceOnly: true, "amd64", "cedar", CanAutoscale: true)));
        }

        foreach (var (shape, dollars) in Fir)
        {
            var parts = shape.Split('c', '-');
            var compute = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            var memory = decimal.Parse(parts[2].Replace("gb", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            entries.Add(new(new DynoSizeSpec($"dyno-{shape}", dollars * 100, decimal.Round(dollars / 25m, 2), memory, compute, Dedicated: false, PrivateSpaceOnly: false,
                "amd64", "fir", CanAutoscale: true, ProductDynoTier: "dyno")));
        }

        return entries;
    }
}
