// In-process half of the entitlement benchmark (run.sh does the HTTP half with wrk). It starts the real host
// in process on embedded SQLite in --data-dir, seeds a dyno size, an enterprise account with one team and a
// hard-limited contract through the admin API, then measures IEntitlements.MayScale for that team (the
// licensed path: cache hit + hard-limit arithmetic): checks/s with all cores, and the latency distribution of
// single calls on one thread. Baseline in the same run: a ConcurrentDictionary lookup behind the same kind of
// async call. Prints figures; never fails on a slow result. Leaves the seeded SQLite files and bench.env
// (TEAM, TOKEN, PATH_UNDER_TEST) in --data-dir for run.sh.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Billing.Benchmarks;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

internal static class EntitlementBench
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        const string adminToken = "bench-admin-token";
        var team = Guid.NewGuid();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Billing"] = string.Empty,
            ["Database:DataDirectory"] = options.DataDir,
            ["Auth:BootstrapAdminToken"] = adminToken,
            ["Messaging:DispatcherEnabled"] = "false",
            ["Jobs:ServerEnabled"] = "false",
            ["RateLimit:RequestsPerHour"] = "2000000000",
            ["Strangler:Services:billing:BaseUrl"] = string.Empty,
            ["Strangler:Services:metering:BaseUrl"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
        };

        // The host's content root, found from this program's location (bin/<config>/<tfm> under the repository).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_BILLING_HOST",
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "src", "Billing.Host")));
        await using var factory = new BenchHost(settings);
        var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        admin.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.heroku+json; version=3");
        await Seed.RunAsync(admin, team);
        var path = $"/teams/{team}/entitlements/dyno-sizes/standard-1x?quantity=2";
        var answer = await admin.GetStringAsync(path);
        Console.WriteLine($"check over HTTP (in-process test server): {answer}");
        if (!answer.Contains("\"allowed\":true", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("the seeded team is not allowed: figures would measure the wrong path");
            return 1;
        }

        var entitlements = factory.Services.GetRequiredService<IEntitlements>();
        var owner = BillableOwner.Team(team);
        var baseline = new ConcurrentDictionary<BillableOwner, EntitlementDecision>();
        baseline[owner] = await entitlements.MayScale(owner, "standard-1x", 2, CancellationToken.None);
        Func<ValueTask<EntitlementDecision>> check = () => entitlements.MayScale(owner, "standard-1x", 2, CancellationToken.None);
        Func<ValueTask<EntitlementDecision>> lookup = () => ValueTask.FromResult(baseline.TryGetValue(owner, out var d) ? d : null!);

        Console.WriteLine($"in-process: {options.Threads} threads, {options.Rounds} rounds of {options.Seconds}s (warm-up {options.Seconds}s)");
        await Throughput.MeasureAsync(check, options.Threads, options.Seconds);
        var checksPerSecond = new List<double>();
        var lookupsPerSecond = new List<double>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            // Interleaved, so a noisy neighbour hits both alike.
            var c = await Throughput.MeasureAsync(check, options.Threads, options.Seconds);
            var l = await Throughput.MeasureAsync(lookup, options.Threads, options.Seconds);
            checksPerSecond.Add(c);
            lookupsPerSecond.Add(l);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: entitlement checks {c,12:N0}/s   baseline lookups {l,14:N0}/s"));
        }

        var latency = await Latency.MeasureAsync(check, calls: 1_000_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process entitlement checks/s (median of rounds): {Stats.Median(checksPerSecond):N0}  (baseline dictionary lookups/s: {Stats.Median(lookupsPerSecond):N0}, ratio {Stats.Median(checksPerSecond) / Stats.Median(lookupsPerSecond):0.000})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process single-call latency (1 thread, 1,000,000 calls): p50 {latency.P50:0.00} µs, p99 {latency.P99:0.00} µs, max {latency.Max:0.0} µs"));
        await File.WriteAllTextAsync(Path.Combine(options.DataDir, "bench.env"), $"TEAM={team}\nTOKEN={adminToken}\nPATH_UNDER_TEST={path}\n");
        return 0;
    }
}

internal sealed record BenchOptions(string DataDir, int Seconds, int Rounds, int Threads)
{
    public static BenchOptions Parse(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var dataDir = Arg("--data-dir", Path.Combine(Path.GetTempPath(), "entitlement-bench-" + Environment.ProcessId));
        Directory.CreateDirectory(dataDir);
        return new(dataDir, int.Parse(Arg("--seconds", "3"), CultureInfo.InvariantCulture), int.Parse(Arg("--rounds", "3"), CultureInfo.InvariantCulture),
            int.Parse(Arg("--threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture));
    }
}

internal sealed class BenchHost(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}

internal static class Seed
{
    public static async Task RunAsync(HttpClient admin, Guid team)
    {
        var account = Guid.NewGuid();
        Ensure(await admin.PostAsJsonAsync("/admin/licensing/dyno-sizes", new
        {
            name = "standard-1x", cost = new { cents = 2500, unit = "month" }, precise_dyno_units = 1, memory = 0.5, compute = 1, reason = "benchmark",
        }));
        Ensure(await admin.PutAsJsonAsync($"/admin/licensing/enterprise-accounts/{account}", new { name = "bench-corp", teams = new[] { new { id = team, name = "bench-ops" } } }));
        var month = BillingPeriod.MonthOf(DateTimeOffset.UtcNow);
        Ensure(await admin.PostAsJsonAsync($"/admin/licensing/enterprise-accounts/{account}/contracts", new
        {
            reference = "BENCH-1",
            starts_at = month.Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ends_at = month.Start.AddYears(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            licences = new[] { new { product = "dyno_units", monthly_quantity = 1_000_000, on_demand_rate = new { cents = 4000 }, hard_limit = true } },
            reason = "benchmark",
        }));
    }

    private static void Ensure(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"seeding failed: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
        }
    }
}

internal static class Throughput
{
    /// <summary>Calls per second over <paramref name="seconds"/> with <paramref name="threads"/> workers calling in a loop.</summary>
    public static async Task<double> MeasureAsync(Func<ValueTask<EntitlementDecision>> call, int threads, int seconds)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
        {
            long n = 0;
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < 1000; i++)
                {
                    await call();
                }

                n += 1000;
            }

            return n;
        })));
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }
}

internal static class Latency
{
    public static async Task<(double P50, double P99, double Max)> MeasureAsync(Func<ValueTask<EntitlementDecision>> call, int calls)
    {
        var ticks = new long[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(ticks);
        double Micros(long t) => t * 1_000_000.0 / Stopwatch.Frequency;
        return (Micros(ticks[calls / 2]), Micros(ticks[(int)(calls * 0.99)]), Micros(ticks[^1]));
    }
}
