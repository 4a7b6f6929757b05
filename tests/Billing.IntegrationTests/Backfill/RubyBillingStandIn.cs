using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Billing.IntegrationTests.Backfill;

/// <summary>
/// The legacy Ruby billing stand-in (<c>legacy-adapters/stand-ins/ruby-billing/app.rb</c>) run as a child
/// process on a free loopback port. Tests that need it are skipped when it or Ruby is missing.
/// </summary>
public sealed class RubyBillingStandIn : IAsyncDisposable
{
    private readonly Process _process;

    private RubyBillingStandIn(Process process, int port)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}/";
    }

    public string BaseUrl { get; }

    public static string? AppPath { get; } = FindApp();

    public static string? WhyUnavailable =>
        AppPath is null ? "legacy-adapters/stand-ins/ruby-billing/app.rb is not in this checkout"
        : !File.Exists("/usr/bin/ruby") && !File.Exists("/usr/local/bin/ruby") ? "ruby is not installed"
        : null;

    /// <summary>The tokens the stand-in serves, from its fixture data: secret, role, account.</summary>
    public static IReadOnlyList<(string Secret, string Role, Guid? AccountId)> FixtureTokens()
    {
        var directory = Path.Combine(Path.GetDirectoryName(AppPath)!, "..", "fixtures", "data", "directory.json");
        using var json = JsonDocument.Parse(File.ReadAllText(directory));
        return json.RootElement.GetProperty("tokens").EnumerateArray()
            .Select(t => (t.GetProperty("token").GetString()!, t.GetProperty("role").GetString()!,
                t.GetProperty("account_id").ValueKind == JsonValueKind.Null ? (Guid?)null : t.GetProperty("account_id").GetGuid()))
            .ToList();
    }

    public static async Task<RubyBillingStandIn> StartAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("ruby", [AppPath!])
        {
            WorkingDirectory = Path.GetDirectoryName(AppPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = port.ToString();
        start.Environment["QUIET"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start ruby.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var standIn = new RubyBillingStandIn(process, port);
        using var http = new HttpClient { BaseAddress = new Uri(standIn.BaseUrl) };
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Ruby stand-in exited during start-up (code {process.ExitCode}).");
            }

            try
            {
                if ((await http.GetAsync("health")).IsSuccessStatusCode)
                {
                    return standIn;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        await standIn.DisposeAsync();
        throw new InvalidOperationException("The Ruby stand-in did not answer /health within 15 s.");
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

    private static string? FindApp()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Billing.Modular.sln")))
            {
                var app = Path.Combine(directory.FullName, "legacy-adapters", "stand-ins", "ruby-billing", "app.rb");
                return File.Exists(app) ? app : null;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that runs only where the Ruby stand-in can be started; elsewhere it is reported as skipped, not passed.</summary>
public sealed class RubyStandInFactAttribute : FactAttribute
{
    public RubyStandInFactAttribute()
    {
        if (RubyBillingStandIn.WhyUnavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
