using Billing.IntegrationTests.Infrastructure;
using Billing.Usage.Domain;
using Billing.Usage.Reading;
using Npgsql;

namespace Billing.IntegrationTests.Usage;

/// <summary>
/// Intake stores every owner's events interleaved in the order they arrive, so the rows of a billing run's partition are
/// spread over nearly every page of the month: read through the table, a partition of 200 owners visited 16,000 heap pages
/// for its 40,000 rows. The series index carries every column the batch read takes (ADR 0059), so on a vacuumed table the
/// read — the period's rows and each series' last reading before it — never visits the table.
/// </summary>
public sealed class BatchReadIndexOnlyTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task A_partitions_usage_is_read_from_the_series_index_alone()
    {
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        // Fifty owners' readings before the period (series held into it) and in it, interleaved as intake stores them; the
        // partition asks for two of the owners.
        var all = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
        var owners = all[..2];
        await Fixture.ExecuteAsync($"""
            INSERT INTO usage.usage_events (event_id, owner_kind, owner_id, app_id, metric, subject, variant, value, occurred_at, recorded_at)
            SELECT 'index-only-' || n, 0, owners[1 + n % 50], '{Guid.NewGuid()}', 'formation.quantity',
                   CASE WHEN n % 3 = 0 THEN 'worker' ELSE 'web' END, 'standard-1x', n % 4,
                   timestamptz '2026-09-01' + n * interval '5 minutes', timestamptz '2026-09-01' + n * interval '5 minutes'
            FROM generate_series(0, 17000) AS n, (SELECT ARRAY['{string.Join("','", all)}']::uuid[] AS owners) AS o
            """);
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        // As autovacuum leaves a closed month: every page all-visible. A vacuum right after the insert may leave pages unmarked
        // (the insert not yet behind every backend's horizon), so it is repeated until they are.
        var attempt = 0;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) usage.usage_events", connection);
            await vacuum.ExecuteNonQueryAsync();
        }
        while (++attempt < 20 && await NotAllVisibleAsync(connection));

        Assert.False(await NotAllVisibleAsync(connection));
        // Left a choice between the index alone and the index with the table, the planner shows which one the columns allow.
        await using (var settings = new NpgsqlCommand("SET enable_seqscan = off; SET enable_bitmapscan = off", connection))
        {
            await settings.ExecuteNonQueryAsync();
        }

        var cut = UsageCut.Through(long.MaxValue);
        await using var explain = new NpgsqlCommand("EXPLAIN " + UsageReader.BatchReadSql("usage", cut), connection);
        explain.Parameters.AddWithValue("kinds", new[] { 0, 0 });
        explain.Parameters.AddWithValue("owners", owners);
        explain.Parameters.AddWithValue("gauges", MetricCatalog.GaugeMetrics.ToArray());
        explain.Parameters.AddWithValue("start", start);
        explain.Parameters.AddWithValue("end", start.AddMonths(1));
        cut.AddParameter(explain);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var scans = plan.Where(line => line.Contains(" on usage_events", StringComparison.Ordinal)).ToList();
        // The period's rows, the owners' series walked, each gauge series' last reading probed: all from the series index.
        Assert.True(scans.Count(line => line.Contains("Index Only Scan using ix_usage_events_owner_id_app_id_metric_subject_occurred_at_seq", StringComparison.Ordinal)) >= 3,
            string.Join('\n', plan));
        Assert.All(scans, line => Assert.Contains("Index Only Scan", line, StringComparison.Ordinal));
    }

    private static async Task<bool> NotAllVisibleAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT relpages = 0 OR relallvisible < relpages FROM pg_class WHERE oid = 'usage.usage_events'::regclass", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
