using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.IntegrationTests.Usage;
using Billing.Invoicing.Contracts;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Issuing;
using Billing.Invoicing.Persistence;
using Billing.Invoicing.Runs;
using Billing.Usage.Contracts;
using Hangfire;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// A billing run over usage ingested through <c>POST /usage-events</c> and read by the real Usage module: its batch
/// read gives each owner exactly what the per-owner reads give, and a run issues the same invoices as rating owner
/// by owner through the per-owner reads.
/// </summary>
public sealed class RunThroughUsageTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private static readonly BillingPeriod October = BillingPeriod.Month(2026, 10);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 0, 0, 5, TimeSpan.Zero));

    private WebApplicationFactory<Program> Host(bool perOwnerReads = false, Func<IReadOnlyCollection<BillableOwner>, BillingPeriod, Task>? afterPartitionRead = null) =>
        Fixture.CreateFactory(new Dictionary<string, string?> { ["Invoicing:PartitionSize"] = "3" })
            .WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<IBackgroundJobClient>(new RecordingJobClient());
                if (perOwnerReads)
                {
                    var usage = s.Last(d => d.ServiceType == typeof(IUsageReader));
                    s.AddScoped<IUsageReader>(sp => new PerOwnerReads((IUsageReader)usage.ImplementationFactory!(sp)));
                }

                if (afterPartitionRead is not null)
                {
                    var usage = s.Last(d => d.ServiceType == typeof(IUsageReader));
                    s.AddScoped<IUsageReader>(sp => new ActAfterPinnedRead((IUsageReader)usage.ImplementationFactory!(sp), afterPartitionRead));
                }
            }));

    [Fact]
    public async Task A_run_over_ingested_usage_reads_in_bulk_what_owner_by_owner_reads_give_and_issues_the_same_invoices()
    {
        await using var host = Host();
        var owners = await IngestAsync(host);
        await BillingRunTests.SeedRatesAsync(host);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var reader = scope.ServiceProvider.GetRequiredService<IUsageReader>();
            var listed = new List<BillableOwner>();
            await foreach (var owner in reader.OwnersWithUsage(October, CancellationToken.None))
            {
                listed.Add(owner);
            }

            Assert.Equal(owners.Select(o => o.ToString()).Order(), listed.Select(o => o.ToString()).Order());
            var bulk = new Dictionary<BillableOwner, OwnerUsage>();
            await foreach (var usage in reader.UsageOfOwners([.. listed, BillableOwner.Team(Guid.NewGuid())], October, CancellationToken.None))
            {
                bulk.Add(usage.Owner, usage);
            }

            Assert.Equal(listed.Count + 1, bulk.Count);
            foreach (var owner in listed)
            {
                Assert.Equal(await reader.Segments(owner, October, CancellationToken.None), bulk[owner].Segments);
                Assert.Equal(await reader.Counters(owner, October, CancellationToken.None), bulk[owner].Counters);
            }

            Assert.Contains(bulk.Values, u => u.Counters.Count > 0);
            Assert.Contains(bulk.Values, u => u.Segments.Any(s => s.From == October.Start));
        }

        var issued = await RunOctoberAsync(host);

        Assert.Equal(owners.Select(o => o.ToString()).Order(), issued.Select(i => i.Owner.ToString()).Order());
        Assert.Equal(Enumerable.Range(issued[0].Number, owners.Count), issued.Select(i => i.Number));
        Assert.All(issued, i => Assert.True(i.TotalCents > 0, $"{i.Owner} has no charge"));

        await using var perOwner = Host(perOwnerReads: true);
        await using var rating = perOwner.Services.CreateAsyncScope();
        foreach (var invoice in issued)
        {
            var rated = await rating.ServiceProvider.GetRequiredService<OwnerRating>().RateAsync(invoice.Owner, October, CancellationToken.None);
            var expected = Invoice.Finalize(rated, invoice.Number, invoice.CreatedAt);
            Assert.Equal(expected.TotalCents, invoice.TotalCents);
            Assert.Equal(
                expected.Lines.Select(l => (l.Position, l.Kind, l.Description, l.QuantityMonths, l.UnitPriceCents, l.AmountCents, l.Explanation)),
                invoice.Lines.OrderBy(l => l.Position).Select(l => (l.Position, l.Kind, l.Description, l.QuantityMonths, l.UnitPriceCents, l.AmountCents, l.Explanation)));
        }
    }

    [Fact]
    public async Task Support_traces_every_usage_line_to_the_event_ids_it_was_rated_from_even_after_a_late_event()
    {
        await using var host = Host();
        await IngestAsync(host);
        await BillingRunTests.SeedRatesAsync(host);
        var issued = await RunOctoberAsync(host);
        var invoice = issued.First(i => i.Lines.Count(l => l.Kind == LineKind.Dyno) > 1);
        var dyno = invoice.Lines.First(l => l.Kind == LineKind.Dyno);
        // Late: recorded after the invoice was finalized, inside the series (app, process type) one of its lines bills.
        clock.Advance(TimeSpan.FromMinutes(5));
        var producer = ApiClients.Create(host, (await IssueTokenAsync(Roles.UsageProducer)).Token);
        var late = Event(invoice.Owner, "late-after-finalization", October.Start.AddDays(20).AddSeconds(17), dyno.AppId!.Value, "formation.quantity", 3,
            ("process_type", dyno.Description.Split(' ')[1]), ("size", "standard-2x"));
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(late)).StatusCode);

        var support = ApiClients.Create(host, (await IssueTokenAsync(Roles.BillingSupport)).Token);
        var explained = await support.GetFromJsonAsync<JsonElement>($"/admin/invoicing/invoices/{invoice.Number}/lines");

        var usageLines = explained.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("explanation").GetProperty("interval_count").GetInt32() > 0).ToList();
        Assert.Equal(invoice.Lines.Count(l => l.Kind == LineKind.Dyno), usageLines.Count);
        var eventIds = new List<string>();
        foreach (var line in usageLines)
        {
            var why = line.GetProperty("explanation");
            Assert.True(why.GetProperty("intervals_reproduced").GetBoolean(), line.GetProperty("description").GetString());
            var intervals = why.GetProperty("intervals").EnumerateArray().ToList();
            Assert.Equal(why.GetProperty("interval_count").GetInt32(), intervals.Count);
            Assert.Equal(why.GetProperty("billable_seconds").GetInt64(), intervals.Sum(i => i.GetProperty("quantity").GetDecimal() * i.GetProperty("seconds").GetInt64()));
            eventIds.AddRange(intervals.Select(i => i.GetProperty("source_event_id").GetString()!));
        }

        Assert.All(eventIds, id => Assert.StartsWith(invoice.Owner.Id.ToString(), id, StringComparison.Ordinal));
        Assert.DoesNotContain("late-after-finalization", eventIds);
    }

    /// <summary>
    /// The gap between reading usage and finalizing: an event stored after a partition's usage was read, before its
    /// invoices are written, used to be on neither the invoice (not read) nor a correction (recorded before the invoice's
    /// finalization instant). Now the invoice keeps the position it was rated through and Usage corrects what lies above.
    /// </summary>
    [Fact]
    public async Task An_event_stored_while_a_run_rates_its_owner_is_billed_once_as_a_correction_not_lost()
    {
        HttpClient? producer = null;
        BillableOwner? racedOwner = null;
        await using var host = Host(afterPartitionRead: async (owners, _) =>
        {
            if (racedOwner is not null)
            {
                return;
            }

            racedOwner = owners.First();
            var during = Event(racedOwner.Value, "stored-during-the-run", October.Start.AddDays(10), Guid.NewGuid(), "formation.quantity", 1,
                ("process_type", "web"), ("size", "standard-1x"));
            Assert.Equal(HttpStatusCode.OK, (await producer!.PostEventsAsync(during)).StatusCode);
        });
        producer = ApiClients.Create(host, (await IssueTokenAsync(Roles.UsageProducer)).Token);
        await IngestAsync(host);
        await BillingRunTests.SeedRatesAsync(host);

        var issued = await RunOctoberAsync(host);

        var invoice = Assert.Single(issued, i => i.Owner == racedOwner);
        Assert.NotNull(invoice.UsageThrough);
        Assert.Equal(1, await Fixture.CountAsync("usage.usage_events", $"event_id = 'stored-during-the-run' AND seq > {invoice.UsageThrough}"));
        Assert.Equal(0, await Fixture.CountAsync("usage.usage_events", $"event_id <> 'stored-during-the-run' AND seq > {invoice.UsageThrough}"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages",
            $"type = 'invoicing.invoice_finalized.v1' AND payload LIKE '%{invoice.Id}%' AND payload LIKE '%\"usageThrough\":{invoice.UsageThrough}%'"));

        await host.Services.DeliverToUsageAsync(new InvoiceFinalized(Guid.NewGuid(), invoice.CreatedAt, invoice.Id, invoice.Number, invoice.Owner,
            invoice.PeriodStart, invoice.PeriodEnd, invoice.TotalCents, invoice.UsageThrough));

        Assert.Equal(1, await Fixture.CountAsync("usage.outbox_messages",
            "type = 'usage.usage_correction_recorded.v1' AND payload LIKE '%\"usageEventId\":\"stored-during-the-run\"%'"));
        Assert.Equal(1, await Fixture.CountAsync("usage.outbox_messages", "type = 'usage.usage_correction_recorded.v1'"));
    }

    [Fact]
    public async Task A_run_vacuums_the_usage_table_before_it_plans_so_the_periods_last_pages_are_read_from_the_index()
    {
        await using var host = Host();
        await IngestAsync(host);
        await BillingRunTests.SeedRatesAsync(host);
        var before = await VacuumsOfUsageEventsAsync();

        await RunOctoberAsync(host);

        // ADR 0059: pages autovacuum has not visited yet are marked before any partition reads them.
        Assert.Equal(before + 1, await VacuumsOfUsageEventsAsync());
    }

    /// <summary>How many times the usage table was vacuumed other than by autovacuum.</summary>
    private Task<long> VacuumsOfUsageEventsAsync() =>
        Fixture.ScalarAsync<long>("SELECT vacuum_count FROM pg_stat_user_tables WHERE schemaname = 'usage' AND relname = 'usage_events'");

    private static async Task<List<Invoice>> RunOctoberAsync(WebApplicationFactory<Program> host)
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var jobs = scope.ServiceProvider.GetRequiredService<BillingRunJobs>();
            var run = await scope.ServiceProvider.GetRequiredService<BillingRunStarter>().StartAsync(October, false, "test", CancellationToken.None);
            await jobs.PlanAsync(run.Id, CancellationToken.None);
            var partitions = (await scope.ServiceProvider.GetRequiredService<InvoicingDbContext>().BillingRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id)).Partitions;
            Assert.True(partitions > 1);
            for (var p = 0; p < partitions; p++)
            {
                await jobs.RatePartitionAsync(run.Id, p, CancellationToken.None);
            }
        }

        await using var read = host.Services.CreateAsyncScope();
        return await read.ServiceProvider.GetRequiredService<InvoicingDbContext>().Invoices.AsNoTracking().Include(i => i.Lines)
            .Where(i => i.PeriodStart == October.Start).OrderBy(i => i.Number).ToListAsync();
    }

    /// <summary>
    /// Seven owners' October through the intake API: teams and accounts, two apps each, readings in random order,
    /// one team whose dynos were scaled in September and not touched since, and Connect rows (a counter).
    /// </summary>
    private async Task<List<BillableOwner>> IngestAsync(WebApplicationFactory<Program> host)
    {
        var producer = ApiClients.Create(host, (await IssueTokenAsync(Roles.UsageProducer)).Token);
        var random = new Random(29);
        var owners = Enumerable.Range(0, 7).Select(n => n % 3 == 0 ? BillableOwner.Account(Guid.NewGuid()) : BillableOwner.Team(Guid.NewGuid())).ToList();
        var events = new List<object>();
        foreach (var (owner, n) in owners.Select((o, n) => (o, n)))
        {
            var apps = new[] { Guid.NewGuid(), Guid.NewGuid() };
            var readings = n == 1 ? 1 : 40;
            for (var e = 0; e < readings; e++)
            {
                var at = n == 1 ? October.Start.AddDays(-3) : October.Start.AddSeconds(random.Next(0, (int)October.Seconds));
                events.Add(Event(owner, $"{owner.Id}-{e}", at, apps[e % 2], "formation.quantity", n == 1 ? 2 : random.Next(0, 4),
                    ("process_type", e % 3 == 0 ? "worker" : "web"), ("size", random.Next(2) == 0 ? "standard-1x" : "standard-2x")));
            }

            if (owner.Kind == BillableOwnerKind.Team)
            {
                events.Add(Event(owner, $"{owner.Id}-rows", October.Start.AddDays(9), apps[0], "connect.rows", 12_000));
            }
        }

        foreach (var batch in events.OrderBy(_ => random.Next()).Chunk(50))
        {
            var response = await producer.PostEventsAsync(batch);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return owners;
    }

    private static Dictionary<string, object> Event(BillableOwner owner, string id, DateTimeOffset at, Guid app, string metric, int value, params (string Key, object Value)[] extra)
    {
        var body = new Dictionary<string, object>
        {
            ["id"] = id,
            ["occurred_at"] = At(at),
            ["owner"] = new { type = owner.Kind == BillableOwnerKind.Team ? "team" : "account", id = owner.Id },
            ["app_id"] = app,
            ["metric"] = metric,
            ["value"] = value,
        };
        foreach (var (key, v) in extra)
        {
            body[key] = v;
        }

        return body;
    }

    /// <summary>Usage's reader with the contract's default batch read: owner by owner through <c>Segments</c> and <c>Counters</c>.</summary>
    private sealed class PerOwnerReads(IUsageReader inner) : UsageReaderDecorator(inner);
}
