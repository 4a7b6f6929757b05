using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Billing.Host.Strangler;

/// <summary>
/// Live figures per capability on this instance: requests by handler, shadow outcomes, and latency
/// samples per side (the last 2,048 of each, enough for a stable p99). Also exported as OpenTelemetry metrics.
/// </summary>
public sealed class MigrationFigures : IDisposable
{
    public const string MeterName = "Billing.Strangler";

    // Tag values, indexed by enum value: Served runs on every forwarded request and should not allocate them.
    private static readonly string[] SideNames = [.. Enum.GetNames<Side>().Select(n => n.ToLowerInvariant())];

    private readonly ConcurrentDictionary<string, CapabilityFigures> _figures = new(StringComparer.Ordinal);
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _comparisons;
    private readonly Histogram<double> _duration;

    public MigrationFigures()
    {
        _requests = _meter.CreateCounter<long>("billing.strangler.requests", description: "Requests by capability and handler (legacy/new)");
        _comparisons = _meter.CreateCounter<long>("billing.strangler.shadow.comparisons", description: "Shadow comparisons by outcome");
        _duration = _meter.CreateHistogram<double>("billing.strangler.duration", unit: "ms", description: "Time spent by each side");
    }

    public CapabilityFigures For(string capability) => _figures.GetOrAdd(capability, _ => new CapabilityFigures());

    public IReadOnlyDictionary<string, CapabilityFigures> All => _figures;

    public void Served(string capability, Side side, TimeSpan elapsed)
    {
        var figures = For(capability);
        figures.Count(side);
        figures.Latency(side).Add(elapsed.TotalMilliseconds);
        _requests.Add(1, new KeyValuePair<string, object?>("capability", capability), new KeyValuePair<string, object?>("handler", SideNames[(int)side]));
        _duration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("capability", capability), new KeyValuePair<string, object?>("side", SideNames[(int)side]));
    }

    public void Compared(string capability, ShadowOutcome outcome, TimeSpan? candidateElapsed)
    {
        var figures = For(capability);
        figures.Record(outcome);
        if (candidateElapsed is { } elapsed)
        {
            figures.Latency(Side.Candidate).Add(elapsed.TotalMilliseconds);
        }

        _comparisons.Add(1, new KeyValuePair<string, object?>("capability", capability), new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
    }

    public void Dispose() => _meter.Dispose();
}

public enum Side
{
    Legacy,
    New,
    Candidate,
}

public enum ShadowOutcome
{
    Matched,
    Mismatched,
    CandidateFailed,
    CandidateTimedOut,
    Skipped,
}

public sealed class CapabilityFigures
{
    private readonly long[] _served = new long[3];
    private readonly long[] _outcomes = new long[5];
    private readonly LatencySamples[] _latency = [new(), new(), new()];

    public long ServedBy(Side side) => Interlocked.Read(ref _served[(int)side]);

    public long Outcomes(ShadowOutcome outcome) => Interlocked.Read(ref _outcomes[(int)outcome]);

    public LatencySamples Latency(Side side) => _latency[(int)side];

    internal void Count(Side side) => Interlocked.Increment(ref _served[(int)side]);

    internal void Record(ShadowOutcome outcome) => Interlocked.Increment(ref _outcomes[(int)outcome]);
}

/// <summary>A ring of recent latencies; percentiles are computed when someone asks, not on the request path.</summary>
public sealed class LatencySamples
{
    private const int Capacity = 2048;
    private readonly double[] _ring = new double[Capacity];
    private readonly Lock _lock = new();
    private long _count;

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _ring[_count % Capacity] = milliseconds;
            _count++;
        }
    }

    public (long Count, double? P50, double? P99) Summary()
    {
        double[] copy;
        long count;
        lock (_lock)
        {
            count = _count;
            copy = _ring[..(int)Math.Min(_count, Capacity)];
        }

        if (copy.Length == 0)
        {
            return (count, null, null);
        }

        Array.Sort(copy);
        return (count, Percentile(copy, 0.50), Percentile(copy, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        Math.Round(sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)], 3);
}
