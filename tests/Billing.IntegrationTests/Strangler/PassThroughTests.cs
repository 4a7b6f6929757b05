using System.Diagnostics;
using System.Net;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// Bodiless reads reach legacy over the host's own HTTP/1.1 connections (ADR 0060). These answers are
/// ones the Ruby and Elixir stand-ins never give; the parity suites cover the ones they do.
/// </summary>
public sealed class PassThroughTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string Body = """[{"id":"01234567-89ab-cdef-0123-456789abcdef","number":9403004,"total":4243}]""";

    private BillingApiFactory HostFor(ScriptedLegacyService service, bool passThrough = true, string timeout = "00:00:15") =>
        Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Strangler:Services:billing:BaseUrl"] = service.BaseUrl.ToString(),
            ["Strangler:Services:billing:Timeout"] = timeout,
            ["Strangler:Services:billing:PassThrough"] = passThrough ? "true" : "false",
        });

    private static HttpRequestMessage Read(string path, HttpMethod? method = null) => ClientRequest(method ?? HttpMethod.Get, path, "any-token");

    /// <summary>What reading the whole answer through the host throws, or null when the client got it whole.</summary>
    private static Task<Exception?> ReadFailureAsync(BillingApiFactory host, string path) => Record.ExceptionAsync(async () =>
    {
        var response = await host.CreateClient().SendAsync(Read(path));
        await response.Content.ReadAsStringAsync();
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_chunked_answer_reaches_the_client_whole_and_its_connection_is_kept(bool passThrough)
    {
        // Split inside a size line, inside the data and before the last chunk, with an extension and a trailer.
        await using var service = new ScriptedLegacyService(_ => new ScriptedReply(
        [
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1",
            $"0;note=split\r\n{Body[..16]}\r\n{Body.Length - 16:x}\r\n{Body[16..40]}",
            $"{Body[40..]}\r\n0\r\nExpires: never\r\n\r\n",
        ], PauseBetweenParts: TimeSpan.FromMilliseconds(30)));
        await using var host = HostFor(service, passThrough);
        var client = host.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            var response = await client.SendAsync(Read("/scripted/invoices"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Body, await response.Content.ReadAsStringAsync());
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(1, service.Connections);
    }

    [Fact]
    public async Task An_answer_that_ends_with_its_connection_is_relayed_and_the_connection_is_not_reused()
    {
        await using var service = new ScriptedLegacyService(_ =>
            new ScriptedReply(["HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n", Body], AfterReply.Close));
        await using var host = HostFor(service);
        var client = host.CreateClient();

        Assert.Equal(Body, await (await client.SendAsync(Read("/scripted/a"))).Content.ReadAsStringAsync());
        Assert.Equal(Body, await (await client.SendAsync(Read("/scripted/b"))).Content.ReadAsStringAsync());

        Assert.Equal(2, service.Connections);
    }

    [Fact]
    public async Task Interim_answers_are_passed_over_for_the_final_one()
    {
        await using var service = new ScriptedLegacyService(_ => ScriptedReply.Of(
            "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n",
            $"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n{Body}"));
        await using var host = HostFor(service);

        var response = await host.CreateClient().SendAsync(Read("/scripted/hinted"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task A_kept_alive_connection_the_service_has_closed_is_replaced_without_the_client_noticing()
    {
        // The service answers as if keeping the connection, then closes it (as a keep-alive timeout does).
        await using var service = new ScriptedLegacyService(_ =>
            new ScriptedReply([$"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n{Body}"], AfterReply.Close));
        await using var host = HostFor(service);
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Read("/scripted/first"))).StatusCode);
        await Task.Delay(200);

        var second = await client.SendAsync(Read("/scripted/second"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(Body, await second.Content.ReadAsStringAsync());
        Assert.Equal(2, service.Connections);
        // The stale connection was written to, got nothing back, and the read went again once.
        Assert.Equal(2, service.Requests.Count);
    }

    [Theory]
    [InlineData("HTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nX-Split: a\nb\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")]
    public async Task An_answer_that_is_not_http_gives_a_502_and_nothing_of_it(string answer)
    {
        await using var service = new ScriptedLegacyService(_ => new ScriptedReply([answer], AfterReply.Close));
        await using var host = HostFor(service);

        var response = await host.CreateClient().SendAsync(Read("/scripted/broken"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("bad_gateway", await response.ErrorIdAsync());
    }

    [Fact]
    public async Task An_answer_cut_short_after_it_started_reaches_the_client_broken_not_short()
    {
        await using var service = new ScriptedLegacyService(_ =>
            new ScriptedReply([$"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n", Body[..10]], AfterReply.Close, TimeSpan.FromMilliseconds(50)));
        await using var host = HostFor(service);

        var failure = await ReadFailureAsync(host, "/scripted/short");

        Assert.NotNull(failure);
    }

    [Fact]
    public async Task A_chunked_body_that_breaks_after_its_first_chunk_breaks_the_client_response_rather_than_trailing_a_502()
    {
        // All in one read: the first chunk is already in the response when its missing CRLF shows.
        await using var service = new ScriptedLegacyService(_ =>
            new ScriptedReply(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n"], AfterReply.Close));
        await using var host = HostFor(service);

        var failure = await ReadFailureAsync(host, "/scripted/bad-chunk");

        Assert.NotNull(failure);
    }

    [Fact]
    public async Task A_service_that_stalls_in_the_middle_of_a_body_is_cut_off_after_the_timeout()
    {
        await using var service = new ScriptedLegacyService(_ =>
            new ScriptedReply([$"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n", Body[..10]], AfterReply.Stall, TimeSpan.FromMilliseconds(50)));
        await using var host = HostFor(service, timeout: "00:00:01");

        var watch = Stopwatch.StartNew();
        var failure = await ReadFailureAsync(host, "/scripted/stalls");
        watch.Stop();

        Assert.NotNull(failure);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task An_answer_that_keeps_coming_is_not_cut_off_by_a_timeout_shorter_than_it()
    {
        // Three parts 600 ms apart: 1.2 s in all against a 1 s timeout, never a second without progress.
        await using var service = new ScriptedLegacyService(_ => new ScriptedReply(
            [$"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n{Body[..20]}", Body[20..40], Body[40..]],
            PauseBetweenParts: TimeSpan.FromMilliseconds(600)));
        await using var host = HostFor(service, timeout: "00:00:01");

        var response = await host.CreateClient().SendAsync(Read("/scripted/slow-but-steady"));

        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_target_goes_as_sent_and_fields_of_one_hop_stay_on_it()
    {
        await using var service = new ScriptedLegacyService(_ => ScriptedReply.Of(
            "HTTP/1.1 200 Fine\r\nContent-Length: 2\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\n" +
            "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nNext-Range: id 9403004..; max=1000\r\n\r\n{}"));
        await using var host = HostFor(service);
        var request = Read("/scripted/a%2Fb/c?q=1%202&x");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=9");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic c2VjcmV0");

        var response = await host.CreateClient().SendAsync(request);

        var head = Assert.Single(service.Requests);
        Assert.StartsWith("GET /scripted/a%2Fb/c?q=1%202&x HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nRange: id ..; max=1000", head, StringComparison.Ordinal);
        Assert.Contains("\r\nAuthorization: Basic ", head, StringComparison.Ordinal);
        Assert.Contains("\r\nRequest-Id: ", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Keep-Alive", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Proxy-Authorization", head, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Fine", response.ReasonPhrase);
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("id 9403004..; max=1000", Assert.Single(response.Headers.GetValues("Next-Range")));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("Proxy-Connection"));
    }

    [Fact]
    public async Task A_head_answer_has_no_body_and_its_connection_carries_the_next_read()
    {
        await using var service = new ScriptedLegacyService(head => head.StartsWith("HEAD", StringComparison.Ordinal)
            ? ScriptedReply.Of($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\n\r\n")
            : ScriptedReply.Of($"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n{Body}"));
        await using var host = HostFor(service);
        var client = host.CreateClient();

        var head = await client.SendAsync(Read("/scripted/invoices", HttpMethod.Head));
        var get = await client.SendAsync(Read("/scripted/invoices"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(Body.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(Body, await get.Content.ReadAsStringAsync());
        Assert.Equal(1, service.Connections);
    }

    [Fact]
    public async Task A_read_with_a_repeated_field_goes_through_the_general_forwarder_and_arrives_all_the_same()
    {
        await using var service = new ScriptedLegacyService(_ => ScriptedReply.Of($"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n{Body}"));
        await using var host = HostFor(service);
        var request = Read("/scripted/repeated");
        request.Headers.TryAddWithoutValidation("X-Variant", ["a", "b"]);

        var response = await host.CreateClient().SendAsync(request);

        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
        Assert.Contains("\r\nX-Variant: a, b", Assert.Single(service.Requests), StringComparison.Ordinal);
    }
}
