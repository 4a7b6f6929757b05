using System.Diagnostics;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>Runs a node script from <c>tests/clients</c> as a child process and returns its standard output.</summary>
public static class NodeScript
{
    public static async Task<string> RunAsync(string folder, string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var directory = Path.Combine(LegacyProcess.RepositoryRoot(), "tests", "clients", folder);
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            // scripts/test.sh installs them; a missing install must fail loudly, not skip the client check.
            throw new InvalidOperationException($"{directory}/node_modules is missing: run `npm ci` there (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // heroku-client would tunnel through a proxy named here; the test talks to loopback only.
        start.Environment.Remove("HEROKU_HTTP_PROXY_HOST");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {timeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
