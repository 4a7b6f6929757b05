using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Billing.Usage.Reading;

/// <summary>
/// The batch read a billing run's partition uses: the same segments and counters as the per-owner reads, for many
/// owners in one round trip (PostgreSQL) instead of three per owner. The batch's readings are held in memory while
/// its owners are streamed out, so memory is bounded by the batch the caller asks for (a run's partition), never by
/// the period.
/// </summary>
internal sealed partial class UsageReader
{
    public IAsyncEnumerable<OwnerUsage> UsageOfOwners(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, CancellationToken cancellationToken) =>
        ReadOwnersAsync(owners, period, UsageCut.None, cancellationToken);

    public IAsyncEnumerable<OwnerUsage> UsageOfOwnersThrough(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, long position, CancellationToken cancellationToken) =>
        ReadOwnersAsync(owners, period, UsageCut.Through(position), cancellationToken);

    public IAsyncEnumerable<OwnerUsage> UsageOfOwnersRecordedBy(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, DateTimeOffset recordedUpTo, CancellationToken cancellationToken) =>
        ReadOwnersAsync(owners, period, UsageCut.RecordedBy(recordedUpTo), cancellationToken);

    private async IAsyncEnumerable<OwnerUsage> ReadOwnersAsync(
        IReadOnlyCollection<BillableOwner> owners,
        BillingPeriod period,
        UsageCut cut,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var wanted = owners.ToHashSet();
        if (wanted.Count == 0)
        {
            yield break;
        }

        var now = time.GetUtcNow();
        // Counters stop at the clock, as in Counters; gauges are clipped there by GaugeTimeline.
        using var batch = new BatchReadings(wanted, period.End < now ? period.End : now);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await ReadRowsAsync(batch, period, cut, cancellationToken);
        }
        else
        {
            await ReadEntitiesAsync(batch, period, cut, cancellationToken);
        }

        batch.GroupByOwner();
        foreach (var owner in wanted)
        {
            yield return batch.Shape(owner, period, now);
        }
    }

    /// <summary>
    /// PostgreSQL: the batch's rows in the period and each gauge series' last readings before it, in one query, only the
    /// columns shaping needs, read with Npgsql (no entity materialisation). Unordered, as before (sorting in the database
    /// cost more than grouping here, ADR 0029): <see cref="BatchReadings"/> puts each owner's few readings in arrival
    /// order instead.
    /// </summary>
    /// <remarks>
    /// The readings before the period are found without reading the owners' history (ADR 0046): owners with any gauge
    /// reading before the period are probed first, their series are walked through the (owner_id, app_id, metric,
    /// subject, occurred_at) index one series at a time (a loose index scan), and each gauge series' last instant before
    /// the period is one backward probe of the same index. A GROUP BY over the history read every earlier reading of the
    /// partition's owners, and PostgreSQL joined it back with a scan of the whole table: 1.5 s a partition with two
    /// months of history. Until the index held the arrival position (ADR 0049), the last instant was probed first and the
    /// readings at it joined back in a second step.
    /// </remarks>
    private async Task ReadRowsAsync(BatchReadings batch, BillingPeriod period, UsageCut cut, CancellationToken cancellationToken)
    {
        var kinds = batch.Owners.Select(o => (int)o.Kind).ToArray();
        var owners = batch.Owners.Select(o => o.Id).ToArray();
        await QueryRowsAsync(
            BatchReadSql(db.Schema, cut),
            command =>
            {
                command.Parameters.AddWithValue("kinds", kinds);
                command.Parameters.AddWithValue("owners", owners);
                command.Parameters.AddWithValue("gauges", MetricCatalog.GaugeMetrics.ToArray());
                command.Parameters.AddWithValue("start", period.Start);
                command.Parameters.AddWithValue("end", period.End);
                cut.AddParameter(command);
            },
            reader =>
            {
                var owner = new BillableOwner((BillableOwnerKind)reader.GetInt32(1), reader.GetGuid(2));
                var occurredAt = reader.GetFieldValue<DateTimeOffset>(8);
                batch.Add(owner, new UsageReading(
                    reader.GetInt64(0), reader.GetGuid(3), batch.Kept(reader, 4), batch.Kept(reader, 5), batch.Kept(reader, 6),
                    reader.GetDecimal(7), occurredAt, reader.GetString(9)),
                    before: occurredAt < period.Start);
            },
            cancellationToken);
    }

    /// <summary>
    /// The batch read (parameters <c>@kinds</c>, <c>@owners</c>, <c>@gauges</c>, <c>@start</c>, <c>@end</c> and the cut's):
    /// every column it reads is in the series index (ADR 0059), so on a vacuumed table it is answered from the index alone.
    /// </summary>
    internal static string BatchReadSql(string schema, UsageCut cut) => $"""
        {SeriesProbes.SeriesCte(schema)}
        SELECT seq, owner_kind, owner_id, app_id, textsend(metric), textsend(subject), textsend(variant), value, occurred_at, event_id
        FROM {schema}.usage_events
        WHERE owner_id = ANY(@owners) AND occurred_at >= @start AND occurred_at < @end {cut.Sql(string.Empty)}
        UNION ALL
        SELECT e.seq, e.owner_kind, e.owner_id, e.app_id, textsend(e.metric), textsend(e.subject), textsend(e.variant), e.value, e.occurred_at, e.event_id
        {LastBeforeReadings(schema, cut)}
        """;

    /// <summary>
    /// The FROM clause of each gauge series' (of <c>@gauges</c>) last reading before <c>@start</c> under
    /// <paramref name="cut"/> (alias <c>e</c>), for the CTEs ending in <c>series</c> (<see cref="SeriesProbes"/>, ADR 0046):
    /// one backward probe of the series index, which is in the series' order (ADR 0049), so readings at the same instant
    /// end with the later arrival — the one <see cref="GaugeTimeline"/> keeps. PostgreSQL drops the columns the outer query
    /// does not take, so the batch read's probes stay within the index (ADR 0059).
    /// </summary>
    private static string LastBeforeReadings(string schema, UsageCut cut) => $"""
        FROM series s
        CROSS JOIN LATERAL (
            SELECT x.* FROM {schema}.usage_events x
            WHERE x.owner_id = s.owner_id AND x.app_id = s.app_id AND x.metric = s.metric AND x.subject = s.subject
              AND x.occurred_at < @start {cut.Sql("x.")}
            ORDER BY x.occurred_at DESC, x.seq DESC LIMIT 1) e
        WHERE s.metric = ANY(@gauges)
        """;

    /// <summary>
    /// A raw query on this context's connection (PostgreSQL), opened for it alone, each row handed to
    /// <paramref name="row"/> as it arrives: for the reads that materialise no entities.
    /// </summary>
    private async Task QueryRowsAsync(string sql, Action<NpgsqlCommand> parameters, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
            parameters(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Other providers (SQLite): the same rows through EF, in two queries.</summary>
    private async Task ReadEntitiesAsync(BatchReadings batch, BillingPeriod period, UsageCut cut, CancellationToken cancellationToken)
    {
        var ids = batch.Owners.Select(o => o.Id).Distinct().ToArray();
        var gauges = MetricCatalog.GaugeMetrics.ToList();
        var events = cut.Apply(db.UsageEvents.AsNoTracking().Where(e => ids.Contains(e.OwnerId)));

        foreach (var e in await events.Where(e => e.OccurredAt >= period.Start && e.OccurredAt < period.End).ToListAsync(cancellationToken))
        {
            batch.Add(e.Owner, UsageReading.Of(e, e.Seq), before: false);
        }

        var before = events.Where(e => gauges.Contains(e.Metric) && e.OccurredAt < period.Start);
        var lastAt = before
            .GroupBy(e => new { e.OwnerKind, e.OwnerId, e.AppId, e.Metric, e.Subject })
            .Select(g => new { g.Key.OwnerKind, g.Key.OwnerId, g.Key.AppId, g.Key.Metric, g.Key.Subject, At = g.Max(e => e.OccurredAt) });
        var lastBefore = await before
            .Join(lastAt,
                e => new { e.OwnerKind, e.OwnerId, e.AppId, e.Metric, e.Subject, At = e.OccurredAt },
                l => new { l.OwnerKind, l.OwnerId, l.AppId, l.Metric, l.Subject, l.At },
                (e, _) => e)
            .ToListAsync(cancellationToken);
        foreach (var e in lastBefore)
        {
            batch.Add(e.Owner, UsageReading.Of(e, e.Seq), before: true);
        }
    }

    /// <summary>Held gauge values as segments, in <see cref="IUsageReader.Segments"/>' order (app, metric, subject, variant, from).</summary>
    private static List<GaugeSegment> ToSegments(BillableOwner owner, IEnumerable<HeldValue> held) =>
        InContractOrder([.. held.Select(h => Segment(owner, h.Source, h.From, h.To))]);

    /// <summary>The stretch <c>[from, to)</c> a reading held, as Usage.Contracts shows it.</summary>
    internal static GaugeSegment Segment(BillableOwner owner, in UsageReading reading, DateTimeOffset from, DateTimeOffset to) =>
        new(owner, reading.AppId, reading.Metric, reading.Subject, reading.Variant, reading.Value, from, to, reading.EventId);

    /// <summary>
    /// Orders segments by series (app, metric, subject: the order <see cref="GaugeTimeline"/> walks), variant and start.
    /// </summary>
    /// <remarks>
    /// No two segments share all five keys (a series holds one value at a time), so any sort gives the one order. The
    /// strings are compared in place: in a batch read each distinct value is one instance, so most compares are
    /// reference-equal (ranking the resources through a dictionary of (app, metric, subject, variant) was measured
    /// slower: it hashed the strings' contents for every segment, ADR 0045). Segments handed over as the timeline walks
    /// them already come series by series, each in time order, so only a series that changed variant (a resized dyno)
    /// is sorted, alone; sorting every owner's segments whole was 3 % of a billing run's host CPU.
    /// </remarks>
    internal static List<GaugeSegment> InContractOrder(List<GaugeSegment> segments)
    {
        var span = CollectionsMarshal.AsSpan(segments);
        var start = 0;
        for (var i = 1; i <= span.Length; i++)
        {
            var order = i < span.Length ? GaugeSeries.Of(span[i - 1]).CompareTo(GaugeSeries.Of(span[i])) : -1;
            if (order > 0)
            {
                span.Sort(static (a, b) => GaugeSeries.Of(a).CompareTo(GaugeSeries.Of(b)) is var c and not 0 ? c : ByVariantAndStart(a, b));
                return segments;
            }

            if (order < 0)
            {
                SortSeries(span[start..i]);
                start = i;
            }
        }

        return segments;
    }

    private static int ByVariantAndStart(GaugeSegment a, GaugeSegment b) =>
        string.CompareOrdinal(a.Variant, b.Variant) is var c and not 0 ? c : a.From.CompareTo(b.From);

    /// <summary>One series' segments by variant and start; most series are already in that order and are only checked.</summary>
    private static void SortSeries(Span<GaugeSegment> series)
    {
        for (var i = 1; i < series.Length; i++)
        {
            if (ByVariantAndStart(series[i - 1], series[i]) > 0)
            {
                series.Sort(ByVariantAndStart);
                return;
            }
        }
    }

    /// <summary>Counter readings as totals, in <see cref="IUsageReader.Counters"/>' order.</summary>
    internal static List<CounterTotal> ToCounters(BillableOwner owner, IEnumerable<UsageReading> readings) =>
        readings
            .GroupBy(e => (e.AppId, e.Metric, e.Subject))
            .Select(g => new CounterTotal(owner, g.Key.AppId, g.Key.Metric, g.Key.Subject, g.Sum(e => e.Value), g.Max(e => e.Value), g.Count()))
            .OrderBy(c => c.AppId).ThenBy(c => c.Metric, StringComparer.Ordinal).ThenBy(c => c.Subject, StringComparer.Ordinal)
            .ToList();
}
