using System.Globalization;

namespace Billing.Benchmarks.UsageIngestion;

/// <summary>
/// CPU seconds (user + system, from <c>/proc</c>) spent by the host, by the PostgreSQL cluster (postmaster, its live
/// backends and the ones it reaped) and by this process. On a shared machine wall-clock rates swing with the
/// neighbours' load; the CPU an event costs does not, so the cost ratio is the steadier comparison.
/// </summary>
internal sealed class CpuMeter(int hostPid, int postgresPort)
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    private readonly int _postmasterPid = FindPostmaster(postgresPort);

    public bool Available => OperatingSystem.IsLinux() && _postmasterPid > 0;

    public CpuSample Sample() => Available
        ? new CpuSample(Seconds(hostPid, children: false), PostgresSeconds(), Seconds(Environment.ProcessId, children: false))
        : new CpuSample(0, 0, 0);

    private double PostgresSeconds()
    {
        var total = Seconds(_postmasterPid, children: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat && stat.ParentPid == _postmasterPid)
            {
                total += (stat.User + stat.System) / TicksPerSecond;
            }
        }

        return total;
    }

    private static double Seconds(int pid, bool children) =>
        Stat(pid) is { } stat ? (stat.User + stat.System + (children ? stat.ChildUser + stat.ChildSystem : 0)) / TicksPerSecond : 0;

    private static (int ParentPid, long User, long System, long ChildUser, long ChildSystem)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[11], CultureInfo.InvariantCulture),
                long.Parse(fields[12], CultureInfo.InvariantCulture), long.Parse(fields[13], CultureInfo.InvariantCulture),
                long.Parse(fields[14], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int FindPostmaster(int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var flag = $"-p\0{port}\0";
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(flag, StringComparison.Ordinal)
                    && File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "postgres")
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return 0;
    }
}

/// <summary>Cumulative CPU seconds at one instant.</summary>
internal readonly record struct CpuSample(double Host, double Postgres, double Client)
{
    public static CpuSample operator -(CpuSample a, CpuSample b) => new(a.Host - b.Host, a.Postgres - b.Postgres, a.Client - b.Client);

    public double Total => Host + Postgres + Client;
}
