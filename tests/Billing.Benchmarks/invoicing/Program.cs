using System.Diagnostics;
using Billing.Benchmarks;
using Billing.Benchmarks.UsageIngestion;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Invoicing.Runs;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

// A billing run over generated data, against the floor of one SQL aggregation over the same usage rows.
// Knobs: ACCOUNTS (5000), ROWS (1000000), WORKERS (2), PARTITION (200), ROUNDS (3), WARMUP (1, rounds run first and not counted),
// TEAMS (0: the percentage of owners that are teams rather than personal accounts; a team is looked up in Licensing's enterprise directory),
// ENTERPRISE (0: the percentage of those teams in enterprise accounts of ten under a dyno-units contract; their consumption is measured
// through the month's end by each round's run, ADR 0054, and Usage's rollups are rebuilt once after generation for it),
// HISTORY_MONTHS (1: months of the same usage generated before the billed one, which the floor does not read),
// ORDER (arrival: every owner's rows interleaved in time order, as intake stores them, the default since ADR 0059; owner: each
// owner's rows stored together, the layout of every figure measured before it),
// PG_STATEMENTS (0; 1 loads pg_stat_statements and prints where PostgreSQL's time went over the counted rounds),
// PG_OPTIONS (extra server settings, e.g. "-c shared_buffers=1GB"; the throwaway server otherwise runs PostgreSQL's defaults plus
// PostgresServer.Settings, which turn durability off: PG_OPTIONS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on" turns it back on).
internal static class InvoicingBenchmark
{
    public static async Task<int> Main()
    {
        var accounts = Knob("ACCOUNTS", 5_000);
        var rows = Knob("ROWS", 1_000_000);
        var workers = Knob("WORKERS", 2);
        var partition = Knob("PARTITION", 200);
        var rounds = Knob("ROUNDS", 3);
        var warmup = Knob("WARMUP", 1);
        var history = Knob("HISTORY_MONTHS", 1);
        var teams = Knob("TEAMS", 0);
        var enterprise = Knob("ENTERPRISE", 0);
        var statements = Knob("PG_STATEMENTS", 0) == 1;
        // Intake stores every owner's events interleaved as they arrive: that is the default layout since ADR 0059. Before it the
        // generator stored each owner's rows together (ORDER=owner), which flattered the run and the floor alike.
        var arrivalOrder = Environment.GetEnvironmentVariable("ORDER") is not "owner";
        var period = BillingPeriod.Month(2026, 10);

        var options = Environment.GetEnvironmentVariable("PG_OPTIONS") ?? string.Empty;
        await using var server = await PostgresServer.StartAsync(statements ? options + " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" : options);
        Console.WriteLine($"PostgreSQL settings beyond the defaults: {server.SettingsBeyondDefaults}");
        await PostgresServer.ExecuteAsync(server.ConnectionString("postgres"), "CREATE DATABASE billing_bench");

        var connectionString = server.ConnectionString("billing_bench");
        // The host's content root, found from the repository (the benchmark is not a test project Mvc.Testing knows).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_BILLING_HOST", Path.Combine(RepositoryRoot(), "src", "Billing.Host"));
        await using var host = new BenchHost(connectionString, partition);
        _ = host.Server; // migrates every module

        // The GC shapes this workload (a partition's rows are allocated and dropped together, ADR 0039): say which one ran.
        Console.WriteLine($"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, gen0 budget {Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "default"} (the image sets DOTNET_GCgen0size=0x4000000)");
        Console.WriteLine($"generating {accounts:N0} owners ({teams} % teams), {rows:N0} usage rows in {period} and as many in each of {history} month(s) before it, stored {(arrivalOrder ? "in arrival order (owners interleaved)" : "owner by owner")} ...");
        var generated = Stopwatch.StartNew();
        var teamIds = await GenerateAsync(connectionString, accounts, rows, period, history, teams, arrivalOrder);
        Console.WriteLine($"generated in {generated.Elapsed.TotalSeconds:F1} s");
        await SeedRatesAsync(host);
        if (enterprise > 0)
        {
            Console.WriteLine($"enterprise teams: {await EnterpriseSetup.SignAsync(host, connectionString, teamIds, enterprise, period):N0} of {teamIds.Count:N0} teams, 10 per account, each account under a dyno-units contract");
        }

        // Wall-clock time swings with the neighbours' load; the CPU a run costs, split between the host and the database, less so.
        var cpu = new CpuMeter(Environment.ProcessId, server.Port);
        var runs = new List<double>();
        var floors = new List<double>();
        var ratios = new List<double>();
        long peakManaged = 0;
        for (var round = 1 - warmup; round <= rounds; round++)
        {
            if (statements && round == 1)
            {
                await PostgresServer.ExecuteAsync(connectionString, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");
            }

            var floorBefore = await FloorAsync(connectionString, period);
            await PostgresServer.ExecuteAsync(connectionString, "TRUNCATE invoicing.invoices, invoicing.invoice_lines, invoicing.billing_runs, invoicing.billing_run_items, invoicing.outbox_messages");
            if (enterprise > 0)
            {
                // Each round's run finds the month's consumption unmeasured, as the monthly run does.
                await PostgresServer.ExecuteAsync(connectionString, "TRUNCATE licensing.licence_consumption, licensing.licence_threshold_crossings, licensing.outbox_messages");
            }

            GC.Collect();
            using var sampler = new MemorySampler();
            var gcBefore = RuntimeFigures.Now();
            var cpuBefore = cpu.Sample();
            var watch = Stopwatch.StartNew();
            var (invoices, planned, firstQueued) = await RunAsync(host, period, workers);
            watch.Stop();
            var spent = cpu.Sample() - cpuBefore;
            var peak = sampler.Stop();
            var gc = RuntimeFigures.Now() - gcBefore;
            // The floor brackets the run: measured just before and just after it, the two averaged, so that a burst of the
            // neighbours' load on one side of the run moves its baseline half as much (the floor alone swings by a third
            // between rounds on this machine).
            var floorAfter = await FloorAsync(connectionString, period);
            var floor = (floorBefore + floorAfter) / 2;
            var label = round < 1 ? "warm-up (not counted)" : $"round {round}";
            Console.WriteLine($"{label}: run {watch.Elapsed.TotalSeconds:F2} s (plan {planned.TotalSeconds:F2} s, first partition queued at {firstQueued.TotalSeconds:F2} s; {invoices:N0} invoices, {invoices / watch.Elapsed.TotalSeconds:N0} accounts/s), floor {floor:F2} s ({floorBefore:F2} before, {floorAfter:F2} after), run/floor {watch.Elapsed.TotalSeconds / floor:F2}x, peak heap {peak / 1024.0 / 1024.0:F0} MiB");
            if (cpu.Available)
            {
                // The share of the machine the run kept busy: what is not busy is time both workers spent waiting (the start
                // while one plans, collections that stop both, the last partition), which only more overlap can win back.
                var busy = (spent.Host + spent.Postgres) / (watch.Elapsed.TotalSeconds * Environment.ProcessorCount);
                Console.WriteLine($"    CPU {spent.Host + spent.Postgres:F2} s: host {spent.Host:F2} s, PostgreSQL {spent.Postgres:F2} s; {busy:P0} of {Environment.ProcessorCount} cores over the run");
            }

            if (enterprise > 0)
            {
                Console.WriteLine($"    enterprise: {await EnterpriseSetup.MeasuredTeamsAsync(connectionString):N0} teams' consumption measured by the run, {await EnterpriseSetup.OnDemandLinesAsync(connectionString):N0} On-demand lines");
            }

            // What the run allocated and what the collector cost: most of this workload's CPU beside the database (ADR 0039).
            Console.WriteLine($"    allocated {gc.AllocatedBytes / 1024.0 / 1024.0:N0} MiB ({gc.AllocatedBytes / (double)rows:N0} B per usage row), GCs gen0/1/2 {gc.Gen0}/{gc.Gen1}/{gc.Gen2}, paused {gc.Paused.TotalSeconds:F2} s; JIT {gc.Jitted:N0} methods, {gc.Jitting.TotalSeconds:F2} s");
            if (round < 1)
            {
                continue;
            }

            floors.Add(floor);
            runs.Add(watch.Elapsed.TotalSeconds);
            ratios.Add(watch.Elapsed.TotalSeconds / floor);
            peakManaged = Math.Max(peakManaged, peak);
        }

        var run = Stats.Median(runs);
        var medianFloor = Stats.Median(floors);
        Console.WriteLine();
        Console.WriteLine($"accounts            {accounts:N0}");
        Console.WriteLine($"usage rows          {rows:N0}");
        Console.WriteLine($"workers             {workers}");
        Console.WriteLine($"run (median)        {run:F2} s   {accounts / run:N0} accounts/s");
        Console.WriteLine($"floor (median)      {medianFloor:F2} s   one GROUP BY over the same rows");
        Console.WriteLine($"run / floor         {Stats.Median(ratios):F2}x  (median of the rounds' ratios, each against its own floor; target ≤ 3x)");
        Console.WriteLine($"peak managed heap   {peakManaged / 1024.0 / 1024.0:F0} MiB (sampled every 50 ms, counted rounds)");
        Console.WriteLine($"peak working set    {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB (whole process, generation included)");
        if (statements)
        {
            await PrintStatementsAsync(connectionString, rounds);
        }

        return 0;
    }

    /// <summary>PostgreSQL's busiest statements over the counted rounds (floors included), per round.</summary>
    private static async Task PrintStatementsAsync(string connectionString, int rounds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT total_exec_time, calls, rows, regexp_replace(left(query, 110), '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE toplevel ORDER BY total_exec_time DESC LIMIT 15
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine();
        Console.WriteLine("PostgreSQL per round: ms, calls, rows, statement");
        while (await reader.ReadAsync())
        {
            Console.WriteLine($"{reader.GetDouble(0) / rounds,8:F0} {reader.GetInt64(1) / rounds,7:N0} {reader.GetInt64(2) / rounds,9:N0}  {reader.GetString(3)}");
        }

        // What a round writes: the lines' explanations are most of the bytes COPY sends.
        await reader.DisposeAsync();
        await using var written = new NpgsqlCommand("""
            SELECT count(*), coalesce(avg(octet_length(explanation)), 0), coalesce(avg(pg_column_size(explanation)), 0),
                   pg_total_relation_size('invoicing.invoice_lines')
            FROM invoicing.invoice_lines
            """, connection);
        await using var lines = await written.ExecuteReaderAsync();
        await lines.ReadAsync();
        Console.WriteLine($"invoice lines written in the last round: {lines.GetInt64(0):N0}; explanation {lines.GetDecimal(1):N0} B on average ({lines.GetDecimal(2):N0} B stored); table with indexes and TOAST {lines.GetInt64(3) / 1024.0 / 1024.0:N0} MiB");
    }


    /// <summary>Cumulative GC and JIT counters of the process (tiered JIT still compiles in the first counted rounds); a round's figures are the difference of two readings.</summary>
    private readonly record struct RuntimeFigures(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Jitted, TimeSpan Jitting)
    {
        public static RuntimeFigures Now() => new(
            GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

        public static RuntimeFigures operator -(RuntimeFigures a, RuntimeFigures b) =>
            new(a.AllocatedBytes - b.AllocatedBytes, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Jitted - b.Jitted, a.Jitting - b.Jitting);
    }

    private static int Knob(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Billing.Modular.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    /// <summary>Writes the usage rows; returns the generated teams' ids.</summary>
    private static async Task<List<Guid>> GenerateAsync(string connectionString, int accounts, int rows, BillingPeriod period, int history, int teams, bool arrivalOrder)
    {
        var teamIds = new List<Guid>();
        var random = new Random(42);
        var sizes = new[] { "standard-1x", "standard-2x", "performance-m", "basic" };
        var perAccount = Math.Max(1, rows / accounts);
        var months = Enumerable.Range(0, history + 1)
            .Select(back => BillingPeriod.Month(period.Start.AddMonths(-back).Year, period.Start.AddMonths(-back).Month))
            .ToList();
        var generated = new List<GeneratedRow>(accounts * perAccount * months.Count);
        for (var a = 0; a < accounts; a++)
        {
            var owner = Guid.CreateVersion7();
            var kind = a * 100 / accounts < teams ? BillableOwnerKind.Team : BillableOwnerKind.Account;
            if (kind == BillableOwnerKind.Team)
            {
                teamIds.Add(owner);
            }

            var apps = new[] { Guid.NewGuid(), Guid.NewGuid() };
            for (var e = 0; e < perAccount * months.Count; e++)
            {
                var month = months[e / perAccount];
                // Drawn in the order the generator always drew them, so that ORDER=owner stores the same rows as before.
                var at = month.Start.AddSeconds(random.NextInt64(month.Seconds));
                var size = sizes[random.Next(sizes.Length)];
                generated.Add(new GeneratedRow(kind, owner, apps[e % 2], e % 4 == 0 ? "worker" : "web", size, random.Next(0, 5), at));
            }
        }

        if (arrivalOrder)
        {
            // As intake stores them: every owner's events interleaved in the order they happened (stable, so reproducible).
            generated = [.. generated.OrderBy(r => r.At)];
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY usage.usage_events (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at) FROM STDIN (FORMAT BINARY)"))
        {
            var n = 0L;
            foreach (var row in generated)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync($"bench-{n++}", NpgsqlDbType.Varchar);
                await writer.WriteAsync((int)row.Kind, NpgsqlDbType.Integer);
                await writer.WriteAsync(row.Owner, NpgsqlDbType.Uuid);
                await writer.WriteAsync(row.App, NpgsqlDbType.Uuid);
                await writer.WriteAsync("formation.quantity", NpgsqlDbType.Varchar);
                await writer.WriteAsync(row.Subject, NpgsqlDbType.Varchar);
                await writer.WriteAsync(row.Size, NpgsqlDbType.Varchar);
                await writer.WriteAsync((decimal)row.Quantity, NpgsqlDbType.Numeric);
                await writer.WriteAsync(row.At, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(row.At, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        // Vacuumed as autovacuum would have by the month's end (ADR 0059): the pages all-visible, the statistics fresh.
        var visible = await PostgresServer.VacuumUntilAllVisibleAsync(connection, "usage.usage_events");
        Console.WriteLine($"usage table vacuumed: {visible:P0} of its pages all-visible");
        return teamIds;
    }

    private readonly record struct GeneratedRow(BillableOwnerKind Kind, Guid Owner, Guid App, string Subject, string Size, int Quantity, DateTimeOffset At);

    private static async Task SeedRatesAsync(BenchHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        foreach (var (name, cents, units) in new[] { ("standard-1x", 2500L, 1m), ("standard-2x", 5000L, 2m), ("performance-m", 25000L, 8m), ("basic", 700L, 0.28m) })
        {
            db.DynoSizeRates.Add(new DynoSizeRate(Guid.NewGuid(), name, cents, units, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
        }

        await db.SaveChangesAsync();
    }

    // The floor: what reading and aggregating the period's rows once costs in the database, with nothing else.
    private static async Task<double> FloorAsync(string connectionString, BillingPeriod period)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT owner_id, app_id, subject, variant, count(*), sum(value), max(value)
            FROM usage.usage_events WHERE occurred_at >= @start AND occurred_at < @end
            GROUP BY owner_id, app_id, subject, variant
            """, connection);
        command.Parameters.AddWithValue("start", period.Start);
        command.Parameters.AddWithValue("end", period.End);
        var watch = Stopwatch.StartNew();
        await using var reader = await command.ExecuteReaderAsync();
        var groups = 0;
        while (await reader.ReadAsync())
        {
            groups++;
        }

        return watch.Elapsed.TotalSeconds;
    }

    // The run as Hangfire would execute it: WORKERS workers, one of which plans; every partition job is rated by the next free
    // worker as soon as the run queues it (PartitionQueue), each job in its own scope.
    private static async Task<(int Invoices, TimeSpan Planned, TimeSpan FirstQueued)> RunAsync(BenchHost host, BillingPeriod period, int workers)
    {
        var queue = host.Services.GetRequiredService<PartitionQueue>();
        var jobs = queue.Open();
        var planning = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            if (worker == 0)
            {
                try
                {
                    await using var scope = host.Services.CreateAsyncScope();
                    var runId = (await scope.ServiceProvider.GetRequiredService<BillingRunStarter>().StartAsync(period, false, "bench", CancellationToken.None)).Id;
                    await scope.ServiceProvider.GetRequiredService<BillingRunJobs>().PlanAsync(runId, CancellationToken.None);
                    planning.Stop();
                }
                finally
                {
                    queue.Close();
                }
            }

            await foreach (var (runId, partition) in jobs.ReadAllAsync())
            {
                await using var scope = host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BillingRunJobs>().RatePartitionAsync(runId, partition, CancellationToken.None);
            }
        })));

        await using var count = host.Services.CreateAsyncScope();
        var db = count.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        return (db.Invoices.Count(i => i.PeriodStart == period.Start), planning.Elapsed, queue.FirstQueuedAfter ?? planning.Elapsed);
    }
}

/// <summary>The real host in process on the benchmark's database: Hangfire server and outbox dispatcher off, logs at Warning.</summary>
internal sealed class BenchHost(string connectionString, int partition) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // CONNECTION_OPTIONS: Npgsql settings appended to the host's connection string, to compare one within a run series.
            ["ConnectionStrings:Billing"] = connectionString + (Environment.GetEnvironmentVariable("CONNECTION_OPTIONS") is { Length: > 0 } extra ? ";" + extra : string.Empty),
            ["Auth:BootstrapAdminToken"] = "bench-admin-token",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
            ["Messaging:DispatcherEnabled"] = "false",
            ["Jobs:ServerEnabled"] = "false",
            ["Invoicing:PartitionSize"] = partition.ToString(),
            ["Strangler:Services:billing:BaseUrl"] = string.Empty,
            ["Strangler:Services:metering:BaseUrl"] = string.Empty,
        }));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<PartitionQueue>();
            services.AddSingleton<IBackgroundJobClient>(provider => provider.GetRequiredService<PartitionQueue>());
        });
    }
}

/// <summary>Samples the managed heap every 50 ms: a streamed run keeps it flat whatever the row count.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task<long> sampling;

    public MemorySampler()
    {
        sampling = Task.Run(async () =>
        {
            long peak = 0;
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                try
                {
                    await Task.Delay(50, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return peak;
        });
    }

    public long Stop()
    {
        stop.Cancel();
        return sampling.GetAwaiter().GetResult();
    }

    public void Dispose() => stop.Dispose();
}
