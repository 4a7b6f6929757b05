using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster started from the installed binaries: initdb into a temp directory,
/// listen on a free loopback port, durability off (it is deleted afterwards). As root the server runs
/// as the <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private PostgresServer(string binDirectory, string root, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _root = root;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    /// <summary>The settings this cluster runs with beyond PostgreSQL's defaults: <see cref="Settings"/> and the start's options.</summary>
    public string SettingsBeyondDefaults { get; private init; } = Settings;

    private string DataDirectory => Path.Combine(_root, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    /// <summary>Runs <paramref name="sql"/> on a connection of its own: the set-up and clean-up statements of tests and benchmarks.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Vacuums and analyses <paramref name="table"/> until every page is marked all-visible, as autovacuum's visits leave a
    /// table that stopped changing, and answers the share marked. A vacuum right after a load may leave pages unmarked (the
    /// load not yet behind every backend's horizon), so it is repeated, a little later each time, up to 20 times.
    /// </summary>
    public static async Task<double> VacuumUntilAllVisibleAsync(NpgsqlConnection connection, string table)
    {
        var visible = 0.0;
        for (var attempt = 0; attempt < 20 && visible < 1; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {table}", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
            await using var share = new NpgsqlCommand($"SELECT relallvisible::float8 / greatest(relpages, 1) FROM pg_class WHERE oid = '{table}'::regclass", connection);
            visible = (double)(await share.ExecuteScalarAsync())!;
        }

        return visible;
    }

    /// <summary>
    /// What a throwaway cluster runs with beyond PostgreSQL's defaults: no durability (nothing here must survive a
    /// crash, and flushing would make the tests slow and the benchmarks' figures depend on the disk), room for the
    /// tests' parallel hosts. Later settings in <c>options</c> override these (e.g. <c>-c fsync=on</c>).
    /// </summary>
    public const string Settings = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";

    /// <param name="options">Extra server settings (<c>-c name=value ...</c>), e.g. a benchmark loading pg_stat_statements.</param>
    public static async Task<PostgresServer> StartAsync(string options = "")
    {
        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), "billing-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root]);
        }

        var server = new PostgresServer(bin, root, FreePort(), asPostgres) { SettingsBeyondDefaults = options.Length == 0 ? Settings : $"{Settings} {options}" };
        await server.RunPgAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await server.RunPgAsync("pg_ctl", [
            "-D", server.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {server.Port} -c listen_addresses=127.0.0.1 -k {root} {Settings} {options}",
        ]);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunPgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task RunPgAsync(string tool, string[] arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", executable, .. arguments])
            : RunAsync(executable, arguments);
    }

    private static async Task RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    private static string FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(Path.Combine(fromEnvironment, "initdb")))
        {
            return fromEnvironment;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (looked in PG_BIN and /usr/lib/postgresql/*/bin). Run scripts/test.sh, which installs them.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
