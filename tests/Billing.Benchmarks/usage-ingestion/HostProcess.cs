using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Billing.Benchmarks.UsageIngestion;

/// <summary>Billing.Host (Release, Production) as its own process on a loopback port, so its memory is its own.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Pid => _process.Id;

    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public long PeakWorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    public static async Task<HostProcess> StartAsync(string hostDll, string connectionString, string adminToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(hostDll);
        start.WorkingDirectory = Path.GetDirectoryName(hostDll)!;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Billing"] = connectionString;
        start.Environment["Auth__BootstrapAdminToken"] = adminToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Jobs__ServerEnabled"] = "false";
        start.Environment["Messaging__DispatcherEnabled"] = Environment.GetEnvironmentVariable("DISPATCHER") ?? "true";
        start.Environment["Strangler__Services__metering__BaseUrl"] = string.Empty;
        start.Environment["Strangler__Services__billing__BaseUrl"] = string.Empty;
        start.Environment["Strangler__Capabilities__usage.events.ingest__Mode"] = "New";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Billing.Host.");
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await host.WaitUntilReadyAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Forward(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            Console.Error.WriteLine("  host| " + line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Billing.Host exited with {_process.ExitCode} during start-up.");
            }

            try
            {
                if ((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("Billing.Host did not become ready within 90 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
