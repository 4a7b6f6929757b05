// Usage intake throughput: events/s over HTTP on loopback into PostgreSQL with dedup, against a raw binary COPY of
// the same rows into an identical table, in the same run; plus the host's memory. Prints figures, asserts nothing.
// Knobs (environment): EVENTS=200000 (per round) ROUNDS=3 WORKERS=8 BATCH=1000 OWNERS=2000 MIX=mixed|meters WARMUP_SECONDS=30 ENTERPRISE=0 HISTORY_DAYS=0
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.Benchmarks;
using Billing.Benchmarks.UsageIngestion;
using Billing.IntegrationTests.Infrastructure;
using Npgsql;

var events = Knob("EVENTS", 200_000);
var rounds = Knob("ROUNDS", 3);
var workers = Knob("WORKERS", 8);
var batchSize = Knob("BATCH", 1000);
var owners = Knob("OWNERS", 2000);
var warmupSeconds = Knob("WARMUP_SECONDS", 30);
// ENTERPRISE: the percentage of the owners (teams) that belong to enterprise accounts under a contract, whose usage
// Licensing measures against the licence on every batch that touches them (0 by default).
var enterprise = Knob("ENTERPRISE", 0);
// HISTORY_DAYS: before the warm-up, 40 events per owner spread over the HISTORY_DAYS days before the last one, folded into
// the stored rollups, so that reads of the month (licence consumption) have stored days to use (0 by default).
var historyDays = Knob("HISTORY_DAYS", 0);
var metersOnly = string.Equals(Environment.GetEnvironmentVariable("MIX"), "meters", StringComparison.OrdinalIgnoreCase);
var dispatcher = !string.Equals(Environment.GetEnvironmentVariable("DISPATCHER"), "false", StringComparison.OrdinalIgnoreCase);
const string AdminToken = "bench-admin-token";

var root = FindRepositoryRoot();
var hostDll = Path.Combine(root, "src", "Billing.Host", "bin", "Release", "net10.0", "Billing.Host.dll");
if (!File.Exists(hostDll))
{
    Console.Error.WriteLine($"{hostDll} is missing: run this with `dotnet run -c Release` (it builds the host).");
    return 1;
}

Console.WriteLine($"usage intake benchmark: {rounds} rounds x {events:N0} events, batches of {batchSize}, {workers} concurrent requests / COPY connections, {owners} owners, {(metersOnly ? "add-on meter readings only" : "mixed gauges and meters")}, {Environment.ProcessorCount} cores");
// PG_OPTIONS: extra server settings (e.g. "-c shared_preload_libraries=auto_explain ..."), after PostgresServer.Settings.
var pgOptions = Environment.GetEnvironmentVariable("PG_OPTIONS") ?? string.Empty;
// STATEMENTS=1: PostgreSQL's time per statement over the rounds (pg_stat_statements), printed after them.
var statements = Environment.GetEnvironmentVariable("STATEMENTS") == "1";
if (statements)
{
    pgOptions += " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all";
}

await using var postgres = await PostgresServer.StartAsync(pgOptions);
Console.WriteLine($"PostgreSQL settings beyond the defaults: {postgres.SettingsBeyondDefaults}");
await PostgresServer.ExecuteAsync(postgres.ConnectionString("postgres"), "CREATE DATABASE bench");
var connectionString = postgres.ConnectionString("bench") + ";Maximum Pool Size=64";
await using var host = await HostProcess.StartAsync(hostDll, connectionString, AdminToken);
await PostgresServer.ExecuteAsync(connectionString, "CREATE SCHEMA raw; CREATE TABLE raw.usage_events (LIKE usage.usage_events INCLUDING ALL)");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = host.BaseUrl,
    Timeout = TimeSpan.FromMinutes(2),
};
http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.heroku+json; version=3");
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ProducerTokenAsync(http));
if (enterprise > 0)
{
    Console.WriteLine($"enterprise teams: {await Workload.SignEnterpriseAsync(http, AdminToken, owners, enterprise):N0} of {owners:N0} owners, 10 teams per account, each account under a dyno-units contract");
}


// Warm-up, not counted: connection pools, the auth cache and the JIT. The host's tiered compilation (with dynamic PGO)
// goes on for about half a minute of intake, at two to four times the steady CPU per event, so "sustained" starts after
// WARMUP_SECONDS of it (at least 20 batches). The raw table gets the same rows, so both tables start the rounds alike.
var warmedUp = 0L;
if (historyDays > 0)
{
    var history = Workload.Events(round: -100_000, owners * 40, owners, DateTimeOffset.UtcNow.AddDays(-1), metersOnly, spreadSeconds: historyDays * 86_400);
    var historyWatch = Stopwatch.StartNew();
    await IngestAsync(http, Batches(history), workers);
    await SettleAsync(connectionString, dispatcher);
    await CopyAsync(connectionString, history.Chunk(batchSize).ToArray(), workers);
    warmedUp += history.Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"history: {history.Length:N0} events over the {historyDays} days before the last one, in {historyWatch.Elapsed.TotalSeconds:0} s (not counted)"));
}

var warmupWatch = Stopwatch.StartNew();
for (var pass = 0; pass == 0 || warmupWatch.Elapsed < TimeSpan.FromSeconds(warmupSeconds); pass++)
{
    var warmup = Workload.Events(round: -pass, 20 * batchSize, owners, DateTimeOffset.UtcNow, metersOnly);
    await IngestAsync(http, Batches(warmup), workers);
    await SettleAsync(connectionString, dispatcher);
    await CopyAsync(connectionString, warmup.Chunk(batchSize).ToArray(), workers);
    warmedUp += warmup.Length;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {warmedUp:N0} events in {warmupWatch.Elapsed.TotalSeconds:0} s (not counted)"));

if (statements)
{
    await PostgresServer.ExecuteAsync(connectionString, "CREATE EXTENSION pg_stat_statements; SELECT pg_stat_statements_reset()");
}

var cpu = new CpuMeter(host.Pid, postgres.Port);
var httpCosts = new List<CpuSample>();
var copyCosts = new List<CpuSample>();
var httpRates = new List<double>();
var copyRates = new List<double>();
var roundPeaks = new List<long>();
for (var round = 1; round <= rounds; round++)
{
    var rows = Workload.Events(round, events, owners, DateTimeOffset.UtcNow, metersOnly);
    var bodies = Batches(rows);
    using var sampler = new PeakSampler(() => host.WorkingSetBytes);
    var beforeIngest = cpu.Sample();
    var answered = await IngestAsync(http, bodies, workers);
    var afterAnswer = cpu.Sample();
    // Sustained means the work intake leaves behind is done too: stored rollups caught up, announcements delivered.
    var settled = await SettleAsync(connectionString, dispatcher);
    var ingest = answered + settled;
    var peak = sampler.Stop();
    var beforeCopy = cpu.Sample();
    // Cores busy (host, PostgreSQL and client together) in each part: settling is the rollup worker catching up.
    var (answerCores, settleCores) = ((afterAnswer - beforeIngest).Total / answered.TotalSeconds, (beforeCopy - afterAnswer).Total / settled.TotalSeconds);
    var copy = await CopyAsync(connectionString, rows.Chunk(batchSize).ToArray(), workers);
    var afterCopy = cpu.Sample();
    httpCosts.Add(PerThousand(beforeCopy - beforeIngest, rows.Length));
    copyCosts.Add(PerThousand(afterCopy - beforeCopy, rows.Length));
    httpRates.Add(rows.Length / ingest.TotalSeconds);
    copyRates.Add(rows.Length / copy.TotalSeconds);
    roundPeaks.Add(peak);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round}: HTTP intake {httpRates[^1],9:N0} events/s ({answered.TotalSeconds:0.00} s answering + {settled.TotalSeconds:0.00} s settling) | raw COPY {copyRates[^1],9:N0} events/s ({copy.TotalSeconds:0.00} s) | ratio {httpRates[^1] / copyRates[^1]:0.00} | host RSS peak {peak / 1048576.0:0} MiB"));
    if (cpu.Available)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"         CPU ms per 1,000 events: HTTP intake {httpCosts[^1].Total:0} (host {httpCosts[^1].Host:0}, PostgreSQL {httpCosts[^1].Postgres:0}, client {httpCosts[^1].Client:0}; cores busy answering {answerCores:0.0}, settling {settleCores:0.0}) | raw COPY {copyCosts[^1].Total:0} (PostgreSQL {copyCosts[^1].Postgres:0}, client {copyCosts[^1].Client:0})"));
    }
}

if (statements)
{
    await PrintStatementsAsync(connectionString, (long)events * rounds);
}

// Dedup check: replaying a round's batches stores nothing more and answers every event as a duplicate.
var replay = Batches(Workload.Events(1, Math.Min(events, 20 * batchSize), owners, DateTimeOffset.UtcNow, metersOnly));
var replayStatuses = await ReplayStatusesAsync(http, replay);
var stored = await Count(connectionString, "usage.usage_events");
var expected = (long)events * rounds + warmedUp;

var httpMedian = Stats.Median(httpRates);
var copyMedian = Stats.Median(copyRates);
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median HTTP intake (dedup, PostgreSQL): {httpMedian:N0} events/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median raw COPY, same rows, identical table: {copyMedian:N0} events/s"));
// Each round's intake against the COPY of the same rows right after it: a noisy round then moves both sides, where the
// ratio of the two medians can pair one round's intake with another round's COPY.
var roundRatios = httpRates.Zip(copyRates, (intake, copy) => intake / copy).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio intake / raw COPY: {Stats.Median(roundRatios):0.00} (median of the rounds' ratios {string.Join(" / ", roundRatios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}; ratio of the medians {httpMedian / copyMedian:0.00})"));
if (cpu.Available)
{
    var httpCost = Stats.Median(httpCosts.Select(c => c.Total));
    var copyCost = Stats.Median(copyCosts.Select(c => c.Total));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"median CPU ms per 1,000 events: HTTP intake {httpCost:0} (host {Stats.Median(httpCosts.Select(c => c.Host)):0}, PostgreSQL {Stats.Median(httpCosts.Select(c => c.Postgres)):0}, client {Stats.Median(httpCosts.Select(c => c.Client)):0}), raw COPY {copyCost:0}; cost ratio raw COPY / intake: {copyCost / httpCost:0.00}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host peak memory: {host.PeakWorkingSetBytes / 1048576.0:0} MiB (VmHWM); per-round RSS peaks: {string.Join(", ", roundPeaks.Select(p => (p / 1048576.0).ToString("0", CultureInfo.InvariantCulture)))} MiB"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check: {stored:N0} rows stored for {expected:N0} distinct events sent; replay of {replayStatuses.Values.Sum():N0} events answered {string.Join(", ", replayStatuses.Select(s => $"{s.Key}={s.Value}"))}"));
return stored == expected && replayStatuses.Keys.All(k => k == "duplicate") ? 0 : 2;

static byte[][] Batches(BenchEvent[] rows) => rows.Chunk(Knob("BATCH", 1000)).Select(b => Workload.Body(b)).ToArray();

static async Task<TimeSpan> IngestAsync(HttpClient http, byte[][] bodies, int workers)
{
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < bodies.Length)
        {
            using var content = new ByteArrayContent(bodies[i]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(new Uri("/usage-events", UriKind.Relative), content);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"intake answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }));
    return watch.Elapsed;
}

// Until nothing intake wrote is left for the background: pending rollups (ADR 0031) and, with the dispatcher on,
// undelivered outbox rows. Without this their cost would land in the raw COPY's measurement instead.
static async Task<TimeSpan> SettleAsync(string connectionString, bool dispatcher)
{
    var watch = Stopwatch.StartNew();
    var outbox = dispatcher ? "(SELECT count(*) FROM usage.outbox_messages WHERE processed_at IS NULL AND parked_at IS NULL)" : "0";
    // A build from before ADR 0031 has no pending rollups: its intake already did that work.
    var rollups = await Scalar(connectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = 'usage' AND tablename = 'pending_rollups'") > 0
        ? "(SELECT count(*) FROM usage.pending_rollups)" : "0";
    var left = $"SELECT {rollups} + {outbox}";
    while (await Scalar(connectionString, left) > 0)
    {
        await Task.Delay(50);
    }

    return watch.Elapsed;
}

static async Task<Dictionary<string, int>> ReplayStatusesAsync(HttpClient http, byte[][] bodies)
{
    var statuses = new Dictionary<string, int>();
    foreach (var body in bodies)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri("/usage-events", UriKind.Relative), content);
        foreach (var result in JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray())
        {
            var status = result.GetProperty("status").GetString()!;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }
    }

    return statuses;
}

// The baseline: the same rows, the same batch size and concurrency, each batch one binary COPY in its own transaction.
static async Task<TimeSpan> CopyAsync(string connectionString, BenchEvent[][] batches, int workers)
{
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        int i;
        while ((i = Interlocked.Increment(ref next)) < batches.Length)
        {
            await using var writer = await connection.BeginBinaryImportAsync(
                "COPY raw.usage_events (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at) FROM STDIN (FORMAT BINARY)");
            var now = DateTimeOffset.UtcNow;
            foreach (var e in batches[i])
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(e.Id, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(e.OwnerKind, NpgsqlTypes.NpgsqlDbType.Integer);
                await writer.WriteAsync(e.OwnerId, NpgsqlTypes.NpgsqlDbType.Uuid);
                await writer.WriteAsync(e.AppId, NpgsqlTypes.NpgsqlDbType.Uuid);
                await writer.WriteAsync(e.Metric, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(e.Subject, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(e.Variant, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(e.Value, NpgsqlTypes.NpgsqlDbType.Numeric);
                await writer.WriteAsync(e.OccurredAt, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }
    }));
    return watch.Elapsed;
}

static async Task<string> ProducerTokenAsync(HttpClient http)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/admin/tokens", UriKind.Relative))
    {
        Content = JsonContent.Create(new { role = "usage-producer", description = "benchmark producer" }),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
}

static Task<long> Count(string connectionString, string table) => Scalar(connectionString, $"SELECT count(*) FROM {table}");

static async Task<long> Scalar(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

static CpuSample PerThousand(CpuSample spent, int events) =>
    new(spent.Host * 1e6 / events, spent.Postgres * 1e6 / events, spent.Client * 1e6 / events);

static int Knob(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Billing.Modular.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository.");
}

// The statements PostgreSQL spent most time executing over the rounds (intake's and the raw COPY's), per 1,000 events.
static async Task PrintStatementsAsync(string connectionString, long counted)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(
        "SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12", connection);
    await using var reader = await command.ExecuteReaderAsync();
    Console.WriteLine("statements by execution time (ms per 1,000 events, calls):");
    while (await reader.ReadAsync())
    {
        var text = reader.GetString(2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {reader.GetDouble(1) * 1000 / counted,7:0.0} {reader.GetInt64(0),8}  {text[..Math.Min(text.Length, 110)]}"));
    }
}
