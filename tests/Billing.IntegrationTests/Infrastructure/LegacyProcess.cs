using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>
/// One legacy stand-in (the Ruby billing or Elixir metering service) as a real child process on a
/// free loopback port, started from the repository's <c>legacy-adapters/stand-ins</c> — or the host
/// itself, when a test needs real Kestrel sockets rather than the in-process test server.
/// </summary>
public sealed class LegacyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _healthPath;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private LegacyProcess(Process process, int port, string healthPath)
    {
        _process = process;
        Port = port;
        _healthPath = healthPath;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static Task<LegacyProcess> StartRubyBillingAsync() =>
        StartAsync("ruby-billing", "ruby", ["app.rb"], new Dictionary<string, string> { ["QUIET"] = "1" });

    public static Task<LegacyProcess> StartElixirMeteringAsync() =>
        StartAsync("elixir-metering", "elixir", ["server.exs"], new Dictionary<string, string> { ["METERING_NOW"] = "2026-10-20T12:00:00Z" });

    /// <summary>Billing.Host as built next to the tests, on Kestrel, with the given settings as environment variables.</summary>
    public static Task<LegacyProcess> StartBillingHostAsync(Dictionary<string, string> environment)
    {
        var port = FreePort();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory;
        return StartAsync(AppContext.BaseDirectory, "dotnet", ["Billing.Host.dll"], environment, port, "health/live");
    }

    private static Task<LegacyProcess> StartAsync(string folder, string executable, string[] arguments, Dictionary<string, string> environment) =>
        StartAsync(Path.Combine(RepositoryRoot(), "legacy-adapters", "stand-ins", folder), executable, arguments, environment, FreePort(), "health");

    private static async Task<LegacyProcess> StartAsync(string directory, string executable, string[] arguments, Dictionary<string, string> environment, int port, string healthPath)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var started = new LegacyProcess(process, port, healthPath);
        process.OutputDataReceived += (_, line) => started.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => started.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.WaitUntilHealthyAsync(Path.GetFileName(directory.TrimEnd('/')));
        return started;
    }

    // The last lines a process wrote, for the error when it dies while starting.
    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilHealthyAsync(string name)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the redirected output into _output
                throw new InvalidOperationException($"{name} exited with {_process.ExitCode} while starting. Its last output:\n{string.Join('\n', _output)}");
            }

            try
            {
                if ((await client.GetAsync(new Uri(BaseUrl, _healthPath))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet (or the first request raced start-up): try again.
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        Kill();
        throw new TimeoutException($"{name} did not become healthy within 60 s.");
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Billing.Modular.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root (Billing.Modular.sln) not found.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Both legacy services, started once for the strangler tests.</summary>
public sealed class LegacyStandIns : IAsyncLifetime
{
    public LegacyProcess Billing { get; private set; } = null!;

    public LegacyProcess Metering { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var billing = LegacyProcess.StartRubyBillingAsync();
        var metering = LegacyProcess.StartElixirMeteringAsync();
        Billing = await billing;
        Metering = await metering;
    }

    public async Task DisposeAsync()
    {
        await Billing.DisposeAsync();
        await Metering.DisposeAsync();
    }

    /// <summary>
    /// Host settings that put both stand-ins behind the host, every capability in the given mode, except that
    /// in Shadow the write-only capabilities stay Legacy: writes are never shadowed, and the host refuses to
    /// start with a write-only capability configured in Shadow.
    /// </summary>
    public Dictionary<string, string?> HostSettings(string mode = "Legacy")
    {
        var writes = mode.Equals("Shadow", StringComparison.OrdinalIgnoreCase) ? "Legacy" : mode;
        return new()
        {
            ["Strangler:Services:billing:BaseUrl"] = Billing.BaseUrl.ToString(),
            ["Strangler:Services:metering:BaseUrl"] = Metering.BaseUrl.ToString(),
            ["Strangler:Capabilities:pricing.dyno-sizes.read:Mode"] = mode,
            ["Strangler:Capabilities:credits.account.read:Mode"] = mode,
            ["Strangler:Capabilities:invoices.account.read:Mode"] = mode,
            ["Strangler:Capabilities:invoices.team.read:Mode"] = mode,
            ["Strangler:Capabilities:invoice-address.account.read:Mode"] = mode,
            ["Strangler:Capabilities:invoice-address.account.write:Mode"] = writes,
            ["Strangler:Capabilities:credits.account.write:Mode"] = writes,
            ["Strangler:Capabilities:pricing.addon-services.read:Mode"] = mode,
            ["Strangler:Capabilities:pricing.plans.read:Mode"] = mode,
            ["Strangler:Capabilities:usage.events.ingest:Mode"] = writes,
            ["Strangler:Capabilities:usage.reports.read:Mode"] = mode,
            ["Strangler:Capabilities:usage.addon-usage.read:Mode"] = mode,
            ["Strangler:Capabilities:usage.eco-quota.read:Mode"] = mode,
        };
    }
}
