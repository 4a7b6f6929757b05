using System.Net;
using System.Text.Json;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// The real npm <c>heroku-client</c> (what the CLI and node tools use) against the host on a real
/// Kestrel port, with the Ruby billing stand-in behind it: paging through Next-Range must give the
/// client exactly the list legacy has, in legacy's order, with nothing lost or repeated.
/// </summary>
public sealed class HerokuClientTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const int PageSize = 2;

    [Fact]
    public async Task The_node_heroku_client_pages_through_all_invoices_through_the_host()
    {
        var alice = LegacyFixtureData.Customer("alice@example.com");
        await using var host = HostWith("Legacy");
        var port = LegacyProcess.FreePort();
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        host.StartServer();

        var output = await NodeScript.RunAsync(
            "heroku-client",
            "list.js",
            [$"http://127.0.0.1:{port}", "/account/invoices", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["HEROKU_API_TOKEN"] = alice.Token },
            TimeSpan.FromSeconds(60));
        var result = JsonDocument.Parse(output).RootElement;
        var numbers = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).ToList();
        var statuses = result.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToList();

        using var direct = new HttpClient { BaseAddress = Legacy.Billing.BaseUrl };
        var all = await direct.SendAsync(ClientRequest(HttpMethod.Get, "/account/invoices", alice.Token));
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var expected = (await all.JsonAsync()).EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).ToList();

        Assert.True(expected.Count > 2 * PageSize, "the fixture account needs more invoices than two pages");
        Assert.Equal(expected, numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        // Paging really happened: one request per page, every page but the last partial (206).
        Assert.Equal((expected.Count + PageSize - 1) / PageSize, statuses.Count);
        Assert.All(statuses[..^1], s => Assert.Equal((int)HttpStatusCode.PartialContent, s));
        Assert.Equal((int)HttpStatusCode.OK, statuses[^1]);
    }
}
