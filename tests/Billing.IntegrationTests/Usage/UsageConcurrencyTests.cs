using System.Net;
using System.Text.Json;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>Many producers replaying the same events at once: each event is stored, accepted and announced exactly once.</summary>
public sealed class UsageConcurrencyTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task Thirty_two_clients_replaying_the_same_10000_events_store_each_exactly_once()
    {
        const int clients = 32;
        const int batchSize = 1000;
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        var apps = Enumerable.Range(0, 50).Select(_ => (App: Guid.NewGuid(), Team: Guid.NewGuid())).ToList();
        var events = Enumerable.Range(0, 10_000)
            .Select(i => Formation($"evt-{i:D5}", start.AddSeconds(i * 7), apps[i % apps.Count].App, apps[i % apps.Count].Team, i % 5, processType: i % 3 == 0 ? "worker" : "web"))
            .ToList();
        var batches = events.Chunk(batchSize).ToList();
        var token = (await IssueTokenAsync(Roles.UsageProducer)).Token;

        var statuses = await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var producer = Client(token);
            var counts = new Dictionary<string, int>();
            // Each client walks the batches from a different starting point, so they collide everywhere.
            for (var b = 0; b < batches.Count; b++)
            {
                var response = await producer.PostEventsAsync(batches[(b + c) % batches.Count]);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                foreach (var result in (await response.JsonAsync()).EnumerateArray())
                {
                    var status = result.GetProperty("status").GetString()!;
                    counts[status] = counts.GetValueOrDefault(status) + 1;
                }
            }

            return counts;
        }));

        Assert.Equal(10_000, statuses.Sum(s => s.GetValueOrDefault("accepted")));
        Assert.Equal((clients - 1) * 10_000, statuses.Sum(s => s.GetValueOrDefault("duplicate")));
        Assert.Equal(10_000, await Fixture.CountAsync("usage.usage_events"));
        Assert.Equal(10_000, await Fixture.CountAsync("(SELECT DISTINCT event_id FROM usage.usage_events) AS ids"));
        Assert.Equal(10_000, await AnnouncedEventsAsync());
    }

    private async Task<long> AnnouncedEventsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT payload FROM usage.outbox_messages WHERE type = 'usage.usage_batch_recorded.v1'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long total = 0;
        while (await reader.ReadAsync())
        {
            total += JsonDocument.Parse(reader.GetString(0)).RootElement.GetProperty("changes").EnumerateArray().Sum(c => c.GetProperty("acceptedEvents").GetInt32());
        }

        return total;
    }
}
