using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Invoicing.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>The embedded default bills too: usage taken in on SQLite, a run planned and rated there, invoices written through the change tracker.</summary>
public sealed class SqliteBillingRunTests : SqliteHost
{
    [Fact]
    public async Task A_run_on_the_embedded_default_issues_one_numbered_invoice_per_owner_with_its_lines()
    {
        var now = DateTimeOffset.UtcNow;
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var period = BillingPeriod.Month(thisMonth.AddMonths(-1).Year, thisMonth.AddMonths(-1).Month);
        var producer = ApiClients.Create(Factory, BillingApiFactory.AdminToken);
        var (teamA, teamB, app) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var day = period.Start.AddDays(2);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(
            Formation("a-1", day, app, teamA, 2), Formation("a-2", day.AddHours(10), app, teamA, 0),
            Formation("b-1", day, app, teamB, 1, size: "standard-2x"), Formation("b-2", day.AddDays(3), app, teamB, 0, size: "standard-2x"))).StatusCode);
        await BillingRunTests.SeedRatesAsync(Factory);

        Guid runId;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            runId = (await scope.ServiceProvider.GetRequiredService<BillingRunStarter>().StartAsync(period, false, "test", CancellationToken.None)).Id;
            await scope.ServiceProvider.GetRequiredService<BillingRunJobs>().PlanAsync(runId, CancellationToken.None);
        }

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BillingRunJobs>().RatePartitionAsync(runId, 0, CancellationToken.None);
        }

        await using var check = Factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Lines).OrderBy(i => i.Number).ToListAsync();
        Assert.Equal([1, 2], invoices.Select(i => i.Number));
        Assert.Equal(new[] { teamA, teamB }.Order(), invoices.Select(i => i.OwnerId).Order());
        // 2 standard-1x dynos for 10 hours; 1 standard-2x for 3 days: each prorated over the 720-hour month.
        var a = invoices.Single(i => i.OwnerId == teamA);
        var b = invoices.Single(i => i.OwnerId == teamB);
        Assert.Equal(Math.Round(2m * 10 / 720 * 2500, MidpointRounding.ToEven), a.TotalCents);
        Assert.Equal(Math.Round(72m / 720 * 5000, MidpointRounding.ToEven), b.TotalCents);
        Assert.All(invoices, i => Assert.Equal(i.TotalCents, i.Lines.Sum(l => l.AmountCents)));
        Assert.All(invoices.SelectMany(i => i.Lines), l => Assert.Contains("\"billable_seconds\"", l.Explanation, StringComparison.Ordinal));
        var run = await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        Assert.Equal(BillingRunStatus.Completed, run.Status);
    }
}
