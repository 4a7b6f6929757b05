using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Npgsql;

namespace Billing.Usage.Reading;

/// <summary>
/// A batch's readings as they are read: gauge readings (in the period, or a series' last before it) and counter
/// readings in the period up to <c>counterEnd</c>, each with its arrival position, which is how
/// <see cref="GaugeTimeline"/> breaks ties between readings at the same instant. Rows go into pooled arrays and are
/// grouped by owner once (a counting sort), so a partition's 40,000 rows cost no object each: what a run keeps of
/// them is the segments it rates.
/// </summary>
internal sealed class BatchReadings(HashSet<BillableOwner> wanted, DateTimeOffset counterEnd) : IDisposable
{
    // Its own pool, a few arrays per size: the shared pool would keep a partition-sized array per thread that ever read.
    private static readonly ArrayPool<UsageReading> RowPool = ArrayPool<UsageReading>.Create(maxArrayLength: 1 << 20, maxArraysPerBucket: 4);

    private readonly Dictionary<BillableOwner, int> ownerIndex = [];
    private readonly Dictionary<int, List<(byte[] Utf8, string Value)>> kept = [];
    private (byte[] Utf8, string Value)?[] lastKept = [];
    private byte[] utf8 = new byte[128];
    private UsageReading[] rows = RowPool.Rent(4096);
    private int[] buckets = ArrayPool<int>.Shared.Rent(4096);
    private int count;
    private int[] starts = [];
    private string? lastMetric;
    private bool lastMetricIsGauge;
    private BillableOwner? lastOwner;
    private int lastOwnerIndex;

    /// <summary>The owners the batch was asked for.</summary>
    public IReadOnlyCollection<BillableOwner> Owners => wanted;

    /// <summary>
    /// The batch's one copy of a text column's value, sent as its bytes (<c>textsend</c>: UTF-8, the client encoding
    /// Npgsql always sets) and looked up by them: reading each as a string allocated four strings a row, most of a
    /// run's garbage. (<c>convert_to(x, 'UTF8')</c> did the same but looked the encoding up by name on every row.)
    /// </summary>
    public string Kept(NpgsqlDataReader reader, int ordinal)
    {
        // One read into the buffer; only a value that fills it is measured and read again.
        var length = (int)reader.GetBytes(ordinal, 0, utf8, 0, utf8.Length);
        if (length == utf8.Length)
        {
            length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
            if (length > utf8.Length)
            {
                utf8 = new byte[length * 2];
            }

            reader.GetBytes(ordinal, 0, utf8, 0, length);
        }

        var bytes = utf8.AsSpan(0, length);
        if (lastKept.Length < reader.FieldCount)
        {
            lastKept = new (byte[] Utf8, string Value)?[reader.FieldCount];
        }

        // A column mostly repeats the value it had in the row before (an owner's rows come together): compared, not hashed.
        if (lastKept[ordinal] is { } last && bytes.SequenceEqual(last.Utf8))
        {
            return last.Value;
        }

        var hash = new HashCode();
        hash.AddBytes(bytes);
        ref var candidates = ref CollectionsMarshal.GetValueRefOrAddDefault(kept, hash.ToHashCode(), out _);
        foreach (var candidate in candidates ?? [])
        {
            if (bytes.SequenceEqual(candidate.Utf8))
            {
                lastKept[ordinal] = candidate;
                return candidate.Value;
            }
        }

        var added = (bytes.ToArray(), System.Text.Encoding.UTF8.GetString(bytes));
        (candidates ??= []).Add(added);
        lastKept[ordinal] = added;
        return added.Item2;
    }

    public void Add(BillableOwner owner, in UsageReading reading, bool before)
    {
        // Consecutive rows mostly share their owner and metric (Kept hands out one string per value): looked up once.
        if (!ReferenceEquals(reading.Metric, lastMetric))
        {
            lastMetric = reading.Metric;
            lastMetricIsGauge = MetricCatalog.IsGauge(reading.Metric);
        }

        var gauge = lastMetricIsGauge;
        if (owner != lastOwner)
        {
            lastOwner = owner;
            lastOwnerIndex = OwnerIndexOf(owner);
        }

        if (lastOwnerIndex < 0 || (!gauge && (before || reading.OccurredAt >= counterEnd)))
        {
            return;
        }

        if (count == rows.Length)
        {
            rows = Grown(RowPool, rows, count);
            buckets = Grown(ArrayPool<int>.Shared, buckets, count);
        }

        rows[count] = reading;
        buckets[count++] = (lastOwnerIndex * 2) + (gauge ? 0 : 1);
    }

    /// <summary>The owner's bucket, numbered in first-seen order; -1 for an owner the batch was not asked for.</summary>
    private int OwnerIndexOf(BillableOwner owner)
    {
        if (!wanted.Contains(owner))
        {
            return -1;
        }

        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(ownerIndex, owner, out var known);
        if (!known)
        {
            index = ownerIndex.Count - 1;
        }

        return index;
    }

    /// <summary>Puts each owner's gauge readings, then its counter readings, next to each other (stable, linear).</summary>
    public void GroupByOwner()
    {
        starts = new int[(ownerIndex.Count * 2) + 1];
        foreach (var bucket in buckets.AsSpan(0, count))
        {
            starts[bucket + 1]++;
        }

        for (var b = 1; b < starts.Length; b++)
        {
            starts[b] += starts[b - 1];
        }

        var grouped = RowPool.Rent(Math.Max(count, 1));
        var next = starts[..^1];
        for (var i = 0; i < count; i++)
        {
            grouped[next[buckets[i]]++] = rows[i];
        }

        RowPool.Return(rows, clearArray: true);
        rows = grouped;
    }

    /// <summary>The owner's segments (its gauges' timelines) and counter totals.</summary>
    public OwnerUsage Shape(BillableOwner owner, BillingPeriod period, DateTimeOffset now)
    {
        if (!ownerIndex.TryGetValue(owner, out var index))
        {
            return new OwnerUsage(owner, [], []);
        }

        var gauges = rows.AsSpan(starts[index * 2], starts[(index * 2) + 1] - starts[index * 2]);
        var counters = rows.AsSpan(starts[(index * 2) + 1], starts[(index * 2) + 2] - starts[(index * 2) + 1]);
        var segments = new List<GaugeSegment>(gauges.Length);
        GaugeTimeline.Walk(gauges, period.Start, period.End, now,
            (r, from, to) => segments.Add(UsageReader.Segment(owner, r, from, to)));
        return new OwnerUsage(owner, UsageReader.InContractOrder(segments), UsageReader.ToCounters(owner, counters.ToArray()));
    }

    public void Dispose()
    {
        RowPool.Return(rows, clearArray: true);
        ArrayPool<int>.Shared.Return(buckets);
        rows = [];
        buckets = [];
    }

    private static T[] Grown<T>(ArrayPool<T> pool, T[] array, int used)
    {
        var grown = pool.Rent(array.Length * 2);
        Array.Copy(array, grown, used);
        pool.Return(array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        return grown;
    }
}
