using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>POST /usage-events: per-event results, durable dedup, limits and bad input, and what it announces.</summary>
public sealed class UsageIntakeTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private static readonly Guid App = Guid.Parse("1adb590a-88d1-4185-8e00-eeb50e54736d");
    private static readonly Guid Team = Guid.Parse("d7e56901-3ebc-4a03-8a14-c2d0f255e732");
    private readonly DateTimeOffset _hourAgo = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task A_batch_answers_per_event_in_input_order_and_a_resent_id_is_a_duplicate_with_no_second_row()
    {
        var producer = await ProducerAsync();

        var first = await producer.PostEventsAsync(Formation("f-1", _hourAgo, App, Team, 2), Formation("f-2", _hourAgo.AddMinutes(5), App, Team, 3), Formation("f-1", _hourAgo, App, Team, 2));
        var again = await producer.PostEventsAsync(Formation("f-2", _hourAgo.AddMinutes(5), App, Team, 3));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""[{"id":"f-1","status":"accepted"},{"id":"f-2","status":"accepted"},{"id":"f-1","status":"duplicate"}]""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""[{"id":"f-2","status":"duplicate"}]""", await again.Content.ReadAsStringAsync());
        Assert.Equal(2, await Fixture.CountAsync("usage.usage_events"));
    }

    [Fact]
    public async Task A_restarted_host_still_knows_the_ids_it_stored()
    {
        Assert.Equal(HttpStatusCode.OK, (await (await ProducerAsync()).PostEventsAsync(Formation("r-1", _hourAgo, App, Team, 1))).StatusCode);

        await using var restarted = Fixture.CreateFactory();
        var producer = ApiClients.Create(restarted, BillingApiFactory.AdminToken);
        var again = await producer.PostEventsAsync(Formation("r-1", _hourAgo, App, Team, 1));

        Assert.Equal("""[{"id":"r-1","status":"duplicate"}]""", await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await Fixture.CountAsync("usage.usage_events"));
    }

    [Fact]
    public async Task Invalid_events_are_rejected_with_reasons_while_valid_ones_in_the_batch_are_stored()
    {
        var producer = await ProducerAsync();
        var addon = Guid.NewGuid();
        var body = $$"""
            {"events":[
              {"id":"ok-1","occurred_at":"{{At(_hourAgo)}}","owner":{"type":"account","id":"{{Team}}"},"app_id":"{{App}}","metric":"requests","addon_id":"{{addon}}","value":12.5},
              {"id":"neg","occurred_at":"{{At(_hourAgo)}}","owner":{"type":"account","id":"{{Team}}"},"app_id":"{{App}}","metric":"requests","addon_id":"{{addon}}","value":-1},
              {"id":"huge","occurred_at":"{{At(_hourAgo)}}","owner":{"type":"account","id":"{{Team}}"},"app_id":"{{App}}","metric":"requests","addon_id":"{{addon}}","value":1e400},
              {"id":"metric","occurred_at":"{{At(_hourAgo)}}","owner":{"type":"team","id":"{{Team}}"},"app_id":"{{App}}","metric":"cpu.load","value":1},
              {"id":"when","occurred_at":"2026-13-01T00:00:00Z","owner":{"type":"team","id":"{{Team}}"},"app_id":"{{App}}","metric":"formation.quantity","process_type":"web","size":"basic","value":1},
              {"id":"no-offset","occurred_at":"2026-01-01T00:00:00","owner":{"type":"team","id":"{{Team}}"},"app_id":"{{App}}","metric":"formation.quantity","process_type":"web","size":"basic","value":1},
              {"id":"future","occurred_at":"{{At(DateTimeOffset.UtcNow.AddDays(1))}}","owner":{"type":"team","id":"{{Team}}"},"app_id":"{{App}}","metric":"formation.quantity","process_type":"web","size":"basic","value":1},
              {"id":"ancient","occurred_at":"{{At(DateTimeOffset.UtcNow.AddDays(-400))}}","owner":{"type":"team","id":"{{Team}}"},"app_id":"{{App}}","metric":"formation.quantity","process_type":"web","size":"basic","value":1},
              {"id":"fraction","occurred_at":"{{At(_hourAgo)}}","owner":{"type":"team","id":"{{Team}}"},"app_id":"{{App}}","metric":"formation.quantity","process_type":"web","size":"basic","value":1.5},
              {"id":"no-size","occurred_at":"{{At(_hourAgo)}}","owner":{"type":"team","id":"{{Team}}"},"app_id":"{{App}}","metric":"formation.quantity","process_type":"web","value":1},
              {"id":"owner","occurred_at":"{{At(_hourAgo)}}","owner":{"type":"org","id":"{{Team}}"},"app_id":"{{App}}","metric":"formation.quantity","process_type":"web","size":"basic","value":1},
              {"occurred_at":"{{At(_hourAgo)}}","owner":{"type":"team","id":"{{Team}}"},"app_id":"{{App}}","metric":"formation.quantity","process_type":"web","size":"basic","value":1},
              "not an object"
            ]}
            """;

        var response = await producer.PostAsync("/usage-events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("invalid_params", json.GetProperty("id").GetString());
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(13, results.Count);
        Assert.Equal("accepted", results[0].GetProperty("status").GetString());
        Assert.All(results.Skip(1), r => Assert.Equal("rejected", r.GetProperty("status").GetString()));
        string Reason(int i) => results[i].GetProperty("reason").GetString()!;
        Assert.Contains("non-negative", Reason(1), StringComparison.Ordinal);
        Assert.Contains("at most", Reason(2), StringComparison.Ordinal);
        Assert.Contains("unknown metric", Reason(3), StringComparison.Ordinal);
        Assert.Contains("occurred_at must be", Reason(4), StringComparison.Ordinal);
        Assert.Contains("occurred_at must be", Reason(5), StringComparison.Ordinal);
        Assert.Contains("future", Reason(6), StringComparison.Ordinal);
        Assert.Contains("back-dating window", Reason(7), StringComparison.Ordinal);
        Assert.Contains("integer", Reason(8), StringComparison.Ordinal);
        Assert.Contains("size is required", Reason(9), StringComparison.Ordinal);
        Assert.Contains("owner must be", Reason(10), StringComparison.Ordinal);
        Assert.Contains("id is required", Reason(11), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, results[11].GetProperty("id").ValueKind);
        Assert.Contains("JSON object", Reason(12), StringComparison.Ordinal);
        Assert.Equal(1, await Fixture.CountAsync("usage.usage_events"));
        Assert.Equal(1, await Fixture.CountAsync("usage.usage_events", "event_id = 'ok-1' AND value = 12.5"));

        // A rejected id is not remembered: corrected, it is accepted under the same id.
        var corrected = await producer.PostEventsAsync(Formation("fraction", _hourAgo, App, Team, 1));
        Assert.Equal("""[{"id":"fraction","status":"accepted"}]""", await corrected.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Malformed_bodies_and_oversized_batches_get_heroku_errors_and_store_nothing()
    {
        var producer = await ProducerAsync();

        var malformed = await producer.PostAsync("/usage-events", new StringContent("{\"events\":[{\"id\":", Encoding.UTF8, "application/json"));
        var badUtf8 = await producer.PostAsync("/usage-events", new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']) { Headers = { { "Content-Type", "application/json" } } });
        var noEvents = await producer.PostAsJsonAsync("/usage-events", new { items = Array.Empty<object>() });
        var tooMany = await producer.PostEventsAsync(Enumerable.Range(0, 1001).Select(i => Formation($"m-{i}", _hourAgo, App, Team, 1)).ToArray());
        var tooBig = await producer.PostAsync("/usage-events", new StringContent("{\"events\":[],\"pad\":\"" + new string('x', 1_100_000) + "\"}", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, "bad_request"), (malformed.StatusCode, await malformed.ErrorIdAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "bad_request"), (badUtf8.StatusCode, await badUtf8.ErrorIdAsync()));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid_params"), (noEvents.StatusCode, await noEvents.ErrorIdAsync()));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"), (tooMany.StatusCode, await tooMany.ErrorIdAsync()));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"), (tooBig.StatusCode, await tooBig.ErrorIdAsync()));
        Assert.Equal(0, await Fixture.CountAsync("usage.usage_events"));
    }

    [Fact]
    public async Task Only_producers_and_admins_may_ingest()
    {
        var customer = await IssueTokenAsync(Roles.Customer, Guid.NewGuid());
        var support = await IssueTokenAsync(Roles.BillingSupport);

        Assert.Equal(HttpStatusCode.Forbidden, (await Client(customer.Token).PostEventsAsync(Formation("c-1", _hourAgo, App, Team, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(support.Token).PostEventsAsync(Formation("c-1", _hourAgo, App, Team, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().PostEventsAsync(Formation("c-1", _hourAgo, App, Team, 1))).StatusCode);
        Assert.Equal(0, await Fixture.CountAsync("usage.usage_events"));
    }

    [Fact]
    public async Task A_batch_announces_its_usage_in_one_message_listing_each_owner_and_month_once()
    {
        var producer = await ProducerAsync();
        var other = Guid.NewGuid();
        var monthStart = new DateTimeOffset(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var lastMonth = monthStart.AddSeconds(-30);
        var events = Enumerable.Range(0, 5).Select(i => Formation($"a-{i}", _hourAgo.AddSeconds(i), App, Team, i + 1))
            .Append(Formation("b-1", _hourAgo, Guid.NewGuid(), other, 1))
            .Append(Formation("c-1", lastMonth, App, Team, 2, processType: "worker"))
            .ToArray();

        var response = await producer.PostEventsAsync(events);
        var replay = await producer.PostEventsAsync(events);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var ownerMonths = new[] { (Team, _hourAgo), (other, _hourAgo), (Team, lastMonth) }.Select(p => (p.Item1, p.Item2.Year, p.Item2.Month)).Distinct().Count();
        // The replay stored nothing, so it announces nothing.
        Assert.Equal(1, await Fixture.CountAsync("usage.outbox_messages", "type = 'usage.usage_batch_recorded.v1'"));
        Assert.Equal(0, await Fixture.CountAsync("usage.outbox_messages", "type = 'usage.usage_recorded.v1'"));
        var changes = await Fixture.CountAsync("usage.outbox_messages, jsonb_array_elements(payload::jsonb -> 'changes') AS c", "type = 'usage.usage_batch_recorded.v1'");
        Assert.Equal(ownerMonths, changes);
        Assert.Equal(1, await Fixture.CountAsync("usage.outbox_messages, jsonb_array_elements(payload::jsonb -> 'changes') AS c",
            $"type = 'usage.usage_batch_recorded.v1' AND c -> 'owner' ->> 'id' = '{Team}' AND (c ->> 'acceptedEvents')::int = 5"));
    }

    private async Task<HttpClient> ProducerAsync() => Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
}
