using System.Net;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Invoicing.Runs;
using Billing.Usage.Contracts;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Billing.IntegrationTests.Invoicing;

public sealed partial class BillingRunTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private static readonly BillingPeriod October = BillingPeriod.Month(2026, 10);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 0, 0, 5, TimeSpan.Zero));

    private WebApplicationFactory<Program> Host(IUsageReader usage, int partitionSize = 7, RecordingJobClient? jobs = null) =>
        Fixture.CreateFactory(new Dictionary<string, string?> { ["Invoicing:PartitionSize"] = partitionSize.ToString() })
            .WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            {
                s.AddSingleton(usage);
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<IBackgroundJobClient>(jobs ?? new RecordingJobClient());
            }));

    internal static async Task SeedRatesAsync(WebApplicationFactory<Program> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        db.DynoSizeRates.Add(new DynoSizeRate(Guid.NewGuid(), "standard-1x", 2500, 1m, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
        db.DynoSizeRates.Add(new DynoSizeRate(Guid.NewGuid(), "standard-2x", 5000, 2m, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
        await db.SaveChangesAsync();
    }

    private static async Task<T> WithJobs<T>(WebApplicationFactory<Program> host, Func<BillingRunJobs, InvoicingDbContext, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BillingRunJobs>(), scope.ServiceProvider.GetRequiredService<InvoicingDbContext>());
    }

    private static Task<Guid> StartAsync(WebApplicationFactory<Program> host, bool dryRun = false) =>
        StartWith(host, dryRun);

    private static async Task<Guid> StartWith(WebApplicationFactory<Program> host, bool dryRun)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<BillingRunStarter>().StartAsync(October, dryRun, "test", CancellationToken.None)).Id;
    }

    /// <summary>Plans, then rates every partition until nothing is left, the way Hangfire's retries would.</summary>
    private static async Task DriveToCompletionAsync(WebApplicationFactory<Program> host, Guid runId)
    {
        await WithJobs(host, async (jobs, _) => { await jobs.PlanAsync(runId, CancellationToken.None); return 0; });
        for (var round = 0; round < 5; round++)
        {
            var partitions = await WithJobs(host, async (_, db) => (await db.BillingRuns.SingleAsync(r => r.Id == runId)).Partitions);
            for (var p = 0; p < partitions; p++)
            {
                try
                {
                    await WithJobs(host, async (jobs, _) => { await jobs.RatePartitionAsync(runId, p, CancellationToken.None); return 0; });
                }
                catch (BillingRunPartitionIncompleteException)
                {
                    // Hangfire would retry this partition; the next round does.
                }
            }
        }
    }

    private async Task<List<(string Owner, int Number, long Total)>> InvoicesAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT owner_kind || ':' || owner_id, number, total_cents FROM invoicing.invoices ORDER BY number", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<(string, int, long)>();
        while (await reader.ReadAsync())
        {
            list.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        }

        return list;
    }

    [Fact]
    public async Task A_run_issues_exactly_one_invoice_per_owner_numbered_gaplessly_and_publishes_InvoiceFinalized()
    {
        var usage = GeneratedUsage.ForOwners(20, October);
        await using var host = Host(usage);
        await SeedRatesAsync(host);
        await Fixture.ExecuteAsync("""
            INSERT INTO invoicing.invoices (id, number, owner_kind, owner_id, period_start, period_end, status, source, charges_cents, credits_cents, tax_cents,
              total_cents, platform_cents, database_cents, addons_cents, dyno_units, weighted_dyno_hours, created_at, updated_at)
            VALUES (gen_random_uuid(), 9403390, 0, gen_random_uuid(), '2026-09-01Z', '2026-10-01Z', 1, 1, 100, 0, 0, 100, 100, 0, 0, 0, 0, now(), now())
            """);

        var runId = await StartAsync(host);
        await DriveToCompletionAsync(host, runId);

        var invoices = (await InvoicesAsync()).Skip(1).ToList();
        Assert.Equal(20, invoices.Select(i => i.Owner).Distinct().Count());
        Assert.Equal(Enumerable.Range(9403391, 20), invoices.Select(i => i.Number));
        Assert.Equal(20, await Fixture.CountAsync("invoicing.outbox_messages", "type = 'invoicing.invoice_finalized.v1'"));
        var progress = await Client(BillingApiFactory.AdminToken).GetFromJsonAsync<BillingRunProgress>($"/admin/invoicing/runs/{runId}", Json);
        Assert.Equal(("completed", 20, 20, 0), (progress!.Status, progress.Total, progress.Done, progress.Failed));
        Assert.Equal(invoices.Sum(i => i.Total), progress.TotalCents);
    }

    [Fact]
    public async Task A_run_killed_at_random_points_and_restarted_ends_like_an_uninterrupted_run()
    {
        var usage = GeneratedUsage.ForOwners(30, October, seed: 11);
        await using var host = Host(usage, partitionSize: 4);
        await SeedRatesAsync(host);
        var dryRun = await StartAsync(host, dryRun: true);
        await DriveToCompletionAsync(host, dryRun);
        var expected = await WithJobs(host, async (_, db) => (await db.BillingRunItems.AsNoTracking().Where(i => i.RunId == dryRun).ToListAsync())
            .ToDictionary(i => i.Owner.ToString(), i => i.TotalCents!.Value));
        Assert.Equal(0, await Fixture.CountAsync("invoicing.invoices"));

        var random = new Random(5);
        for (var repetition = 0; repetition < 3; repetition++)
        {
            await Fixture.ResetAsync();
            await SeedRatesAsync(host);
            var runId = await StartAsync(host);
            var kills = 0;
            var completed = false;
            for (var attempt = 0; attempt < 400 && !completed; attempt++)
            {
                using var kill = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(1, 80)));
                try
                {
                    await WithJobs(host, async (jobs, db) =>
                    {
                        await jobs.PlanAsync(runId, kill.Token);
                        var run = await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == runId, kill.Token);
                        foreach (var p in Enumerable.Range(0, run.Partitions).OrderBy(_ => random.Next()))
                        {
                            await jobs.RatePartitionAsync(runId, p, kill.Token);
                        }

                        return 0;
                    });
                }
                catch (Exception e) when (e is OperationCanceledException || e.InnerException is OperationCanceledException || kill.IsCancellationRequested)
                {
                    kills++;
                }

                completed = await WithJobs(host, async (_, db) => (await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == runId)).Status == BillingRunStatus.Completed);
            }

            var items = await WithJobs(host, async (_, db) => await db.BillingRunItems.AsNoTracking().Where(i => i.RunId == runId).ToListAsync());
            var invoices = await InvoicesAsync();
            Assert.True(completed, "the run did not complete in 400 restarts");
            Assert.True(kills > 0, "the run was never interrupted");
            Assert.All(items, i => Assert.True(i.Status == BillingRunItemStatus.Done, $"{i.Owner}: {i.Status} after {i.Attempts} attempts: {i.LastError}"));
            Assert.Equal(expected.Count, invoices.Count);
            Assert.Equal(expected.OrderBy(e => e.Key), invoices.Select(i => KeyValuePair.Create(i.Owner.Replace("0:", "account:").Replace("1:", "team:"), i.Total)).OrderBy(e => e.Key));
            Assert.Equal(Enumerable.Range(1, expected.Count), invoices.Select(i => i.Number));
            Assert.Equal(expected.Count, await Fixture.CountAsync("invoicing.outbox_messages", "type = 'invoicing.invoice_finalized.v1'"));
        }
    }

    [Fact]
    public async Task Two_hosts_rating_the_same_period_at_once_make_no_duplicates_and_no_gaps()
    {
        var usage = GeneratedUsage.ForOwners(40, October, seed: 3);
        await using var first = Host(usage, partitionSize: 5);
        await using var second = Host(usage, partitionSize: 5);
        await SeedRatesAsync(first);
        var runA = await StartAsync(first);
        var runB = await StartAsync(second);
        Assert.Equal(runA, runB);

        await Task.WhenAll(Task.Run(() => DriveToCompletionAsync(first, runA)), Task.Run(() => DriveToCompletionAsync(second, runB)));

        var invoices = await InvoicesAsync();
        Assert.Equal(40, invoices.Count);
        Assert.Equal(40, invoices.Select(i => i.Owner).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 40), invoices.Select(i => i.Number));
        Assert.Equal(40, await Fixture.CountAsync("invoicing.outbox_messages", "type = 'invoicing.invoice_finalized.v1'"));
    }

    [Fact]
    public async Task One_failing_account_is_isolated_retried_and_reported_without_stopping_the_run()
    {
        var usage = GeneratedUsage.ForOwners(10, October, seed: 9);
        var broken = BillableOwner.Account(Guid.NewGuid());
        var segments = usage.All.Append(new GaugeSegment(broken, Guid.NewGuid(), UsageMetrics.FormationQuantity, "web", "unpriced-size", 1, October.Start, October.End, "evt-x")).ToList();
        await using var host = Host(new GeneratedUsage(segments), partitionSize: 100);
        await SeedRatesAsync(host);

        var runId = await StartAsync(host);
        await DriveToCompletionAsync(host, runId);

        var progress = await Client(BillingApiFactory.AdminToken).GetFromJsonAsync<BillingRunProgress>($"/admin/invoicing/runs/{runId}", Json);
        Assert.Equal(("completed", 11, 10, 1), (progress!.Status, progress.Total, progress.Done, progress.Failed));
        var failure = Assert.Single(progress.Failures);
        Assert.Equal(broken.ToString(), failure.Owner);
        Assert.Equal(3, failure.Attempts);
        Assert.Contains("unpriced-size", failure.Error, StringComparison.Ordinal);
        Assert.Equal(10, await Fixture.CountAsync("invoicing.invoices"));
    }

    [Fact]
    public async Task A_run_stays_open_while_a_failed_owner_has_attempts_left_and_completes_once_they_are_used_up()
    {
        var usage = GeneratedUsage.ForOwners(3, October, seed: 31);
        var broken = BillableOwner.Account(Guid.NewGuid());
        var segments = usage.All.Append(new GaugeSegment(broken, Guid.NewGuid(), UsageMetrics.FormationQuantity, "web", "unpriced-size", 1, October.Start, October.End, "evt-y")).ToList();
        await using var host = Host(new GeneratedUsage(segments), partitionSize: 100);
        await SeedRatesAsync(host);
        var runId = await StartAsync(host);
        await WithJobs(host, async (jobs, _) => { await jobs.PlanAsync(runId, CancellationToken.None); return 0; });

        for (var attempt = 1; attempt <= BillingRunItem.MaxAttempts; attempt++)
        {
            var rate = () => WithJobs(host, async (jobs, _) => { await jobs.RatePartitionAsync(runId, 0, CancellationToken.None); return 0; });
            if (attempt < BillingRunItem.MaxAttempts)
            {
                // Nothing is pending any more, but the failed owner will be tried again: the run is not over.
                await Assert.ThrowsAsync<BillingRunPartitionIncompleteException>(rate);
                Assert.Equal(BillingRunStatus.Rating, await WithJobs(host, async (_, db) => (await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == runId)).Status));
            }
            else
            {
                await rate();
                Assert.Equal(BillingRunStatus.Completed, await WithJobs(host, async (_, db) => (await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == runId)).Status));
            }
        }

        Assert.Equal(3, await Fixture.CountAsync("invoicing.invoices"));
    }

    [Fact]
    public async Task An_owner_whose_invoice_the_database_refuses_fails_alone_and_the_rest_of_its_partition_is_issued_gaplessly()
    {
        var usage = GeneratedUsage.ForOwners(6, October, seed: 13);
        var refused = usage.All.First(s => s.Value > 0);
        await using var host = Host(usage, partitionSize: 100);
        await SeedRatesAsync(host);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
            db.BilledApps.Add(new BilledApp(refused.AppId, "refused-app", refused.Owner));
            await db.SaveChangesAsync();
        }

        // The partition's batch write fails on this owner's lines; the fallback writes the others one by one.
        await Fixture.ExecuteAsync("""
            CREATE FUNCTION invoicing.refuse_test_lines() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.description LIKE 'refused-app %' THEN RAISE EXCEPTION 'line refused by the test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_test_lines BEFORE INSERT ON invoicing.invoice_lines FOR EACH ROW EXECUTE FUNCTION invoicing.refuse_test_lines();
            """);
        try
        {
            var runId = await StartAsync(host);
            await DriveToCompletionAsync(host, runId);

            var progress = await Client(BillingApiFactory.AdminToken).GetFromJsonAsync<BillingRunProgress>($"/admin/invoicing/runs/{runId}", Json);
            Assert.Equal(("completed", 6, 5, 1), (progress!.Status, progress.Total, progress.Done, progress.Failed));
            var failure = Assert.Single(progress.Failures);
            Assert.Equal(refused.Owner.ToString(), failure.Owner);
            Assert.Equal(3, failure.Attempts);
            Assert.Contains("line refused by the test", failure.Error, StringComparison.Ordinal);
            var invoices = await InvoicesAsync();
            Assert.DoesNotContain(invoices, i => i.Owner.EndsWith(refused.Owner.Id.ToString(), StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(1, 5), invoices.Select(i => i.Number));
            Assert.Equal(5, await Fixture.CountAsync("invoicing.outbox_messages", "type = 'invoicing.invoice_finalized.v1'"));
        }
        finally
        {
            await Fixture.ExecuteAsync("DROP TRIGGER refuse_test_lines ON invoicing.invoice_lines; DROP FUNCTION invoicing.refuse_test_lines();");
        }
    }

    [Fact]
    public async Task A_dry_run_rates_without_persisting_invoices_or_drawing_credits()
    {
        await using var host = Host(GeneratedUsage.ForOwners(5, October));
        await SeedRatesAsync(host);

        var runId = await StartAsync(host, dryRun: true);
        await DriveToCompletionAsync(host, runId);

        Assert.Equal(0, await Fixture.CountAsync("invoicing.invoices"));
        Assert.Equal(5, await Fixture.CountAsync("invoicing.billing_run_items", $"run_id = '{runId}' AND status = 1 AND total_cents IS NOT NULL"));
        Assert.Equal(0, await Fixture.CountAsync("invoicing.outbox_messages"));
    }

    [Fact]
    public async Task A_finalized_invoice_cannot_be_changed_in_the_database_but_its_payment_status_can()
    {
        await using var host = Host(GeneratedUsage.ForOwners(1, October));
        await SeedRatesAsync(host);
        await DriveToCompletionAsync(host, await StartAsync(host));

        var total = await Assert.ThrowsAsync<PostgresException>(() => Fixture.ExecuteAsync("UPDATE invoicing.invoices SET total_cents = total_cents + 1"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => Fixture.ExecuteAsync("DELETE FROM invoicing.invoices"));
        var line = await Assert.ThrowsAsync<PostgresException>(() => Fixture.ExecuteAsync("UPDATE invoicing.invoice_lines SET amount_cents = 0"));
        await Fixture.ExecuteAsync("UPDATE invoicing.invoices SET status = 1, updated_at = now()");

        Assert.Contains("finalized", total.MessageText, StringComparison.Ordinal);
        Assert.Contains("finalized", delete.MessageText, StringComparison.Ordinal);
        Assert.Contains("immutable", line.MessageText, StringComparison.Ordinal);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoices", "status = 1"));
    }

    [Fact]
    public async Task The_monthly_run_is_a_recurring_job_at_midnight_UTC_on_the_first_and_invoices_the_month_that_ended()
    {
        await using var host = Host(GeneratedUsage.ForOwners(3, October));
        _ = host.Server;
        using (var connection = host.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == MonthlyBillingRun.JobId);
            Assert.Equal(("0 0 1 * *", "UTC"), (job.Cron, job.TimeZoneId));
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetServices<Billing.BuildingBlocks.Jobs.IRecurringJob>().Single(j => j.Id == MonthlyBillingRun.JobId).ExecuteAsync(CancellationToken.None);
        }

        Assert.Equal(1, await Fixture.CountAsync("invoicing.billing_runs", $"period_start = '{October.Start:O}' AND dry_run = false"));
    }

    [Fact]
    public async Task Starting_a_run_needs_an_admin_and_a_month_and_a_real_run_a_closed_one()
    {
        await using var host = Host(GeneratedUsage.ForOwners(1, October));
        var support = await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Billing.BuildingBlocks.Auth.Roles.BillingSupport, null);
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);

        var forbidden = await ApiClients.Create(host, support.Token).PostAsJsonAsync("/admin/invoicing/runs", new { period = "2026-10" });
        var invalid = await admin.PostAsJsonAsync("/admin/invoicing/runs", new { period = "October" });
        var accepted = await admin.PostAsJsonAsync("/admin/invoicing/runs", new { period = "2026-10", dry_run = true });
        var openMonth = await admin.PostAsJsonAsync("/admin/invoicing/runs", new { period = "2026-11" }); // the clock is on Nov 1
        var future = await admin.PostAsJsonAsync("/admin/invoicing/runs", new { period = "2030-01", dry_run = false });
        var openPreview = await admin.PostAsJsonAsync("/admin/invoicing/runs", new { period = "2026-11", dry_run = true });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Accepted), (openMonth.StatusCode, future.StatusCode, openPreview.StatusCode));
        Assert.Contains("closed calendar month", (await openMonth.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.billing_runs", "dry_run = false"));
    }
}
