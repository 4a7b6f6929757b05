using Billing.Licensing.Backfill;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Licensing;

/// <summary>One legacy add-on service (heroku-postgresql) and plan (essential-0, priced since 2024-01-15), imported as the backfill does.</summary>
internal static class LegacyCatalogue
{
    public static readonly Guid ServiceId = Guid.Parse("a638a710-1155-4503-8329-eaf2582234f1");

    public static readonly DateTimeOffset Since = new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);

    public static LegacyPriceBookEntry Service() => new(null,
        new LegacyAddonServiceEntry(ServiceId, "heroku-postgresql", "Heroku Postgres", null, "ga", true, true,
            [new LegacyGeneration("cedar", Guid.Parse("66dce15f-b33d-4acb-9c03-62f30e95f52e"))], Since, Since),
        null);

    public static LegacyPriceBookEntry Plan(long cents) => new(null, null,
        new LegacyPlanEntry(Guid.Parse("3ba933f7-0da8-4390-b120-f3cef9a7aa62"), ServiceId, "heroku-postgresql:essential-0", "Essential 0", "Heroku Postgres Essential 0",
            null, true, false, true, false, "public", true, cents, "month", false, false, Since, Since));

    /// <summary>One backfill page through the module's import target, committed as the backfill runner does (on the host's clock).</summary>
    public static async Task<int> ImportAsync(IServiceProvider services, params LegacyPriceBookEntry[] entries)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LicensingDbContext>();
        var written = await new LegacyPriceBookImport(scope.ServiceProvider.GetRequiredService<TimeProvider>()).UpsertAsync(db, entries, CancellationToken.None);
        await db.SaveChangesAsync();
        return written;
    }
}
