using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Usage.Contracts;
using Billing.Usage.Reading;
using Billing.Usage.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>
/// The stored daily rollups, maintained by the pending-rollup worker after the batches that changed them,
/// equal the rollups recomputed from scratch from the events, whatever order the events arrived in and however late;
/// and the reader is exact before the worker has caught up. (The worker is off in tests: they run its passes.)
/// </summary>
public sealed partial class StoredRollupTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private static readonly DateTimeOffset Today = new(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
    private readonly Guid _team = Guid.NewGuid();
    private readonly Guid _account = Guid.NewGuid();
    private readonly Guid _app = Guid.NewGuid();
    private readonly Guid _otherApp = Guid.NewGuid();
    private readonly Guid _addon = Guid.NewGuid();

    private BillableOwner[] Owners => [BillableOwner.Team(_team), BillableOwner.Account(_account)];

    [Theory]
    [InlineData(20261128)]
    [InlineData(7)]
    [InlineData(424242)]
    public async Task Rollups_after_random_order_ingestion_equal_rollups_recomputed_from_scratch(int seed)
    {
        var random = new Random(seed);
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var events = Workload(random);
        var shuffled = events.OrderBy(_ => random.Next()).ToList();
        // Passes run while batches commit: a batch committing during a pass must stay pending, not be lost.
        using var stop = new CancellationTokenSource();
        var passes = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await ProcessPendingAsync();
            }
        });
        for (var sent = 0; sent < shuffled.Count;)
        {
            var size = random.Next(1, 60);
            var response = await producer.PostEventsAsync([.. shuffled.Skip(sent).Take(size)]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent += size;
        }

        await stop.CancelAsync();
        await passes;
        await AssertStoredEqualRecomputedAsync();
    }

    [Fact]
    public async Task Reads_are_exact_while_the_batches_rollups_are_still_pending()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var random = new Random(31);
        var events = Workload(random).OrderBy(_ => random.Next()).ToList();
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync([.. events.Take(150)])).StatusCode);
        await DrainAsync();
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync([.. events.Skip(150)])).StatusCode);

        Assert.Equal(1, await Fixture.CountAsync("usage.pending_rollups"));
        await AssertReaderEqualsComputedAsync();
        await AssertStoredEqualRecomputedAsync();
    }

    /// <summary>
    /// A pass adds a counter batch's sums into their days without reading the events (ADR 0044); a batch still pending
    /// from before that change carries no sums, and its counter series are recomputed from their events instead. Both
    /// kinds claimed in one pass, for the same series and day, count each reading once.
    /// </summary>
    [Fact]
    public async Task Counter_sums_and_batches_pending_from_before_them_count_each_reading_once()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var day = Today.AddDays(-3);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(
            Meter("old-1", day.AddHours(1), _otherApp, _account, _addon, 10m, "requests"), Formation("old-f", day.AddHours(2), _app, _team, 2))).StatusCode);
        await Fixture.ExecuteAsync("""
            UPDATE usage.pending_rollups SET counter_kind = NULL, counter_owner = NULL, counter_app = NULL, counter_metric = NULL, counter_subject = NULL,
                counter_variant = NULL, counter_day = NULL, counter_total = NULL, counter_max = NULL, counter_pieces = NULL
            """);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(
            Meter("new-1", day.AddHours(5), _otherApp, _account, _addon, 2.5m, "requests"), Meter("new-2", day.AddDays(1), _otherApp, _account, _addon, 4m, "requests"))).StatusCode);

        Assert.Equal(2, await ProcessPendingAsync());
        var requests = await RequestsAsync(new BillingPeriod(day.AddDays(-1), Today));
        Assert.Equal(16.5m, requests);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Meter("new-3", day.AddHours(7), _otherApp, _account, _addon, 1m, "requests"))).StatusCode);
        await AssertStoredEqualRecomputedAsync();
        Assert.Equal(17.5m, await RequestsAsync(new BillingPeriod(day.AddDays(-1), Today)));
    }

    [Fact]
    public async Task A_reading_on_a_later_day_stores_the_days_of_the_stretch_it_closes()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("open", Today.AddDays(-5).AddHours(6), _app, _team, 2))).StatusCode);
        await DrainAsync();
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("close", Today.AddDays(-2).AddHours(6), _app, _team, 0))).StatusCode);
        await DrainAsync();

        Assert.Equal(2m * 3 * 86_400, await DynoSecondsAsync(new BillingPeriod(Today.AddDays(-7), Today)));
        await AssertStoredEqualRecomputedAsync();
    }

    /// <summary>
    /// The pending rows commit with the events, and a pass deletes them only in the transaction that stores their
    /// rollups: a worker that dies mid-pass (its backend killed after claiming) loses nothing, and the next pass, in
    /// this or another instance, finds the same rows.
    /// </summary>
    [Fact]
    public async Task A_pass_that_dies_after_claiming_leaves_the_series_pending_for_the_next()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(
            Formation("a", Today.AddDays(-4).AddHours(3), _app, _team, 3), Meter("m", Today.AddDays(-3), _otherApp, _account, _addon, 12.5m, "requests"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("b", Today.AddDays(-1).AddHours(3), _app, _team, 1))).StatusCode);

        var dying = new NpgsqlConnection(Fixture.ConnectionString);
        {
            await dying.OpenAsync();
            var claim = await dying.BeginTransactionAsync();
            Assert.Equal(2L, await new NpgsqlCommand("WITH c AS (DELETE FROM usage.pending_rollups RETURNING 1) SELECT count(*) FROM c", dying, claim).ExecuteScalarAsync());
            var pid = dying.ProcessID;
            await Fixture.ExecuteAsync($"SELECT pg_terminate_backend({pid})");
            while (await Fixture.CountAsync("pg_stat_activity", $"pid = {pid}") > 0)
            {
                await Task.Delay(20);
            }

            try
            {
                await dying.DisposeAsync();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.AdminShutdown)
            {
                // Its backend is gone: that was the point.
            }
        }

        Assert.Equal(2, await Fixture.CountAsync("usage.pending_rollups"));
        Assert.Equal(0, await Fixture.CountAsync("usage.daily_rollups"));
        await AssertStoredEqualRecomputedAsync();
        Assert.Equal(0, await Fixture.CountAsync("usage.pending_rollups"));
    }

    [Fact]
    public async Task A_pass_steps_aside_while_another_instance_holds_the_worker_lock()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("a", Today.AddDays(-2), _app, _team, 1))).StatusCode);
        await using var other = new NpgsqlConnection(Fixture.ConnectionString);
        await other.OpenAsync();
        var pass = await other.BeginTransactionAsync();
        await new NpgsqlCommand($"SELECT pg_advisory_xact_lock({UsageLocks.LockClass}, {UsageLocks.RollupWorkerKey})", other, pass).ExecuteNonQueryAsync();

        Assert.Equal(0, await ProcessPendingAsync());
        Assert.Equal(1, await Fixture.CountAsync("usage.pending_rollups"));

        await pass.RollbackAsync();
        Assert.Equal(1, await ProcessPendingAsync());
        Assert.Equal(0, await Fixture.CountAsync("usage.pending_rollups"));
    }

    private async Task<int> ProcessPendingAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PendingRollups>().ProcessAsync(CancellationToken.None)).Batches;
    }

    private async Task DrainAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PendingRollups>().DrainAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_late_gauge_event_changes_the_stored_days_from_its_instant_to_the_next_reading()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var start = Today.AddDays(-10).AddHours(8);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(
            Formation("f-1", start, _app, _team, 2), Formation("f-2", Today.AddDays(-3).AddHours(8), _app, _team, 0))).StatusCode);
        var window = new BillingPeriod(Today.AddDays(-12), Today);
        Assert.Equal(2m * 7 * 86_400, await DynoSecondsAsync(window));

        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("late", Today.AddDays(-6).AddHours(8), _app, _team, 5))).StatusCode);

        Assert.Equal((2m * 4 * 86_400) + (5m * 3 * 86_400), await DynoSecondsAsync(window));
        Assert.Equal(2m * 86_400, await DynoSecondsAsync(new BillingPeriod(Today.AddDays(-8), Today.AddDays(-7))));
        Assert.Equal((2m * 8 * 3600) + (5m * 16 * 3600), await DynoSecondsAsync(new BillingPeriod(Today.AddDays(-6), Today.AddDays(-5))));
        await AssertStoredEqualRecomputedAsync();
    }

    /// <summary>
    /// Once the worker has caught up, both ways from scratch: the tables against a rebuild from every stored event, and
    /// the reader (stored days plus the open stretches plus today) against the rollups computed from the events alone.
    /// </summary>
    private async Task AssertStoredEqualRecomputedAsync()
    {
        await DrainAsync();
        var maintained = await DumpAsync();
        await Fixture.ExecuteAsync("TRUNCATE usage.daily_rollups;\n" + RollupMaintenance.RebuildAll);
        Assert.Equal(await DumpAsync(), maintained);
        Assert.NotEmpty(maintained);
        await AssertReaderEqualsComputedAsync();
    }

    /// <summary>The reader against the rollups computed from the events alone, over several periods.</summary>
    private async Task AssertReaderEqualsComputedAsync()
    {
        var lastMonth = BillingPeriod.MonthOf(BillingPeriod.MonthOf(Today).Start.AddDays(-1));
        BillingPeriod[] periods =
        [
            lastMonth,
            BillingPeriod.MonthOf(Today),
            new(Today.AddDays(-20), Today.AddDays(-5)),
            new(Today.AddDays(-9), Today.AddDays(1)),
            new(Today.AddDays(-9).AddHours(5), Today.AddDays(-2)),
        ];
        await using var scope = Factory.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<UsageReader>();
        foreach (var period in periods)
        {
            // An open stretch grows with the clock: both sides are read within one second of it (the metering resolution).
            List<UsageRollup> expected;
            IReadOnlyList<UsageRollup> actual;
            DateTimeOffset second;
            do
            {
                second = WholeSecond(DateTimeOffset.UtcNow);
                expected = [];
                foreach (var owner in Owners)
                {
                    expected.AddRange(await reader.ComputedRollupsAsync(owner, period, CancellationToken.None));
                }

                actual = await reader.MonthlyRollups(Owners, period, CancellationToken.None);
            }
            while (WholeSecond(DateTimeOffset.UtcNow) != second);

            Assert.Equal(expected, actual);
        }
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) => new(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private async Task<decimal> DynoSecondsAsync(BillingPeriod period)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var rollups = await scope.ServiceProvider.GetRequiredService<IUsageReader>().MonthlyRollups([BillableOwner.Team(_team)], period, CancellationToken.None);
        return rollups.Where(r => r.Metric == UsageMetrics.FormationQuantity).Sum(r => r.ValueSeconds);
    }

    private async Task<decimal> RequestsAsync(BillingPeriod period)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var rollups = await scope.ServiceProvider.GetRequiredService<IUsageReader>().MonthlyRollups([BillableOwner.Account(_account)], period, CancellationToken.None);
        return rollups.Where(r => r.Metric == "requests").Sum(r => r.ValueSeconds);
    }

    private async Task<List<string>> DumpAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT concat_ws('|', owner_kind, owner_id, app_id, metric, subject, variant, period_start, value_total, max_value, pieces) FROM usage.daily_rollups
            ORDER BY 1
            """, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>Gauges of every kind (with readings sharing an instant), add-on meters and Connect rows over the last 40 days.</summary>
    private List<object> Workload(Random random)
    {
        var from = Today.AddDays(-40);
        var span = (int)(DateTimeOffset.UtcNow.AddMinutes(-1) - from).TotalSeconds;
        DateTimeOffset Instant() => from.AddSeconds(random.Next(span));
        var events = new List<object>();
        var instants = new List<DateTimeOffset>();
        for (var i = 0; i < 160; i++)
        {
            // Every fifth reading reuses an earlier instant: ties are settled by arrival order.
            var at = i % 5 == 4 && instants.Count > 0 ? instants[random.Next(instants.Count)] : Instant();
            instants.Add(at);
            events.Add(Formation($"f-{i}", at, i % 3 == 0 ? _otherApp : _app, _team, random.Next(0, 6), i % 2 == 0 ? "web" : "worker", random.Next(3) == 0 ? "performance-l" : "standard-1x"));
        }

        for (var i = 0; i < 30; i++)
        {
            events.Add(new
            {
                id = $"p-{i}", occurred_at = At(Instant()), owner = new { type = "team", id = _team }, app_id = _app, metric = UsageMetrics.AddonPlan,
                addon_id = _addon, plan_id = random.Next(2) == 0 ? "0a1b2c3d-0000-4000-8000-000000000001" : "0a1b2c3d-0000-4000-8000-000000000002", value = random.Next(0, 2),
            });
        }

        for (var i = 0; i < 20; i++)
        {
            events.Add(new
            {
                id = $"s-{i}", occurred_at = At(Instant()), owner = new { type = "team", id = _team }, app_id = Guid.Empty, metric = UsageMetrics.SpaceCredits,
                space_name = "vault", value = Math.Round((decimal)random.NextDouble() * 100, 3),
            });
        }

        for (var i = 0; i < 80; i++)
        {
            events.Add(Meter($"m-{i}", Instant(), _otherApp, _account, _addon, Math.Round((decimal)random.NextDouble() * 1000, 2), i % 4 == 0 ? "gigabytes" : "requests"));
        }

        for (var i = 0; i < 15; i++)
        {
            events.Add(new
            {
                id = $"c-{i}", occurred_at = At(Instant()), owner = new { type = "team", id = _team }, app_id = Guid.Empty, metric = UsageMetrics.ConnectRows, value = random.Next(0, 100_000),
            });
        }

        return events;
    }
}
