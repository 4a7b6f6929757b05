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
        // As autovacuum leaves a closed month: every page all-visible.
        Assert.Equal(1.0, await PostgresServer.VacuumUntilAllVisibleAsync(connection, "usage.usage_events"));
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
        var plan = await explain.PlanAsync();

        var scans = plan.Where(line => line.Contains(" on usage_events", StringComparison.Ordinal)).ToList();
        // The period's rows, the owners' series walked, each gauge series' last reading probed: all from the series index.
        Assert.True(scans.Count(line => line.Contains("Index Only Scan using ix_usage_events_owner_id_app_id_metric_subject_occurred_at_seq", StringComparison.Ordinal)) >= 3,
            string.Join('\n', plan));
        Assert.All(scans, line => Assert.Contains("Index Only Scan", line, StringComparison.Ordinal));
    }
}
