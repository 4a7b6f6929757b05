using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.IntegrationTests.Invoicing;
using Billing.Invoicing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// Reconciliation while Invoicing shadows legacy: every month of the fixture data is dry-rated from the usage legacy
/// metering held and diffed line by line against the backfilled legacy invoices, with zero unexplained differences.
/// </summary>
public sealed class InvoiceReconciliationTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    [Fact]
    public async Task Every_fixture_month_reconciles_with_legacy_with_no_unexplained_difference()
    {
        await using var host = await BackfilledHostAsync();

        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var explained = 0;
        for (var month = new DateTime(2025, 11, 1); month < new DateTime(2026, 11, 1); month = month.AddMonths(1))
        {
            var period = month.ToString("yyyy-MM");
            var run = await (await admin.PostAsync($"/admin/invoicing/reconciliations/{period}", null)).JsonAsync();
            var report = await admin.GetFromJsonAsync<JsonElement>($"/admin/invoicing/reconciliations/{period}");

            Assert.True(run.GetProperty("owners").GetInt32() >= 7, $"{period}: {run}");
            Assert.True(report.GetProperty("unexplained").GetInt32() == 0, $"{period}: {report}");
            explained += report.GetProperty("explained").GetInt32();
        }

        // Re-rating past months draws credits from today's (final) balances: a known, explained difference.
        Assert.True(explained > 0);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.invoices", "source = 0"));
    }

    [Fact]
    public async Task A_changed_price_shows_as_an_unexplained_difference_per_owner()
    {
        await using var host = await BackfilledHostAsync();
        await RepriceBasicAsync(host);

        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        await admin.PostAsync("/admin/invoicing/reconciliations/2026-03", null);
        var alice = LegacyFixtureData.Customer("alice@example.com");
        var report = await admin.GetFromJsonAsync<JsonElement>($"/admin/invoicing/reconciliations/2026-03?owner=account:{alice.AccountId}");

        Assert.True(report.GetProperty("unexplained").GetInt32() > 0);
        var differences = report.GetProperty("owners").EnumerateArray().Single().GetProperty("differences").EnumerateArray().ToList();
        Assert.Contains(differences, d => d.GetProperty("reason").GetString() == "amount_differs" && d.GetProperty("subject").GetString()!.EndsWith(" basic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_period_reconciled_two_owners_at_a_time_reports_exactly_what_one_partition_reports()
    {
        await using var host = await BackfilledHostAsync();
        await RepriceBasicAsync(host);
        await using var inPairs = ReconcilingHost(partitionSize: 2);

        var whole = await ReconcileAsync(host);
        var paired = await ReconcileAsync(inPairs);

        Assert.True(whole.Run.GetProperty("owners").GetInt32() > 4, whole.Run.ToString());
        Assert.True(whole.Run.GetProperty("unexplained").GetInt32() > 0, whole.Run.ToString());
        Assert.Equal(whole.Run.GetProperty("unexplained").GetInt32(), paired.Run.GetProperty("unexplained").GetInt32());
        Assert.Equal(whole.Run.GetProperty("explained").GetInt32(), paired.Run.GetProperty("explained").GetInt32());
        Assert.Equal(whole.Differences, paired.Differences);
        Assert.Equal(whole.Differences.Count, await Fixture.CountAsync("invoicing.reconciliation_differences"));
    }

    private static async Task<(JsonElement Run, List<string> Differences)> ReconcileAsync(WebApplicationFactory<Program> host)
    {
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var posted = await admin.PostAsync("/admin/invoicing/reconciliations/2026-03", null);
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        var run = await posted.JsonAsync();
        var report = await admin.GetFromJsonAsync<JsonElement>("/admin/invoicing/reconciliations/2026-03");
        return (run, [.. report.GetProperty("owners").EnumerateArray()
            .SelectMany(o => o.GetProperty("differences").EnumerateArray().Select(d => $"{o.GetProperty("owner")} {d}")).Order(StringComparer.Ordinal)]);
    }

    /// <summary>Basic dynos at another price than legacy charged: unexplained differences for every owner running one.</summary>
    private static async Task RepriceBasicAsync(WebApplicationFactory<Program> host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        await db.DynoSizeRates.Where(r => r.Name == "basic").ExecuteDeleteAsync();
        db.DynoSizeRates.Add(new Billing.Invoicing.Domain.DynoSizeRate(Guid.NewGuid(), "basic", 800, 0.28m, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
        await db.SaveChangesAsync();
    }

    /// <summary>A host in Legacy mode rating from legacy metering's usage (reconciling <paramref name="partitionSize"/> owners at a time; 200 is the default).</summary>
    private WebApplicationFactory<Program> ReconcilingHost(int partitionSize = 200) =>
        HostWith("Legacy", new Dictionary<string, string?>
        {
            ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken,
            ["Invoicing:PartitionSize"] = partitionSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IUsageReader>(FixtureUsage.Reader())));

    /// <summary>A reconciling host with legacy's invoices and credits backfilled and the fixture rate card.</summary>
    private async Task<WebApplicationFactory<Program>> BackfilledHostAsync()
    {
        var host = ReconcilingHost();
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync("invoicing.legacy-billing", CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        FixtureUsage.SeedRateCard(db);
        await db.SaveChangesAsync();
        return host;
    }
}
