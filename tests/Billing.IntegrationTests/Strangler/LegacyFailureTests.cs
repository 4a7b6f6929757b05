using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Strangler;

public sealed class LegacyFailureTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    [Fact]
    public async Task A_dead_legacy_service_gives_a_fast_502_while_migrated_routes_keep_serving()
    {
        var billing = await LegacyProcess.StartRubyBillingAsync();
        await using var host = Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Strangler:Services:billing:BaseUrl"] = billing.BaseUrl.ToString(),
            ["Strangler:Capabilities:pricing.dyno-sizes.read:Mode"] = "New",
        });
        var dave = LegacyFixtureData.Customer("dave@example.com");
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/account", dave.Token))).StatusCode);

        await billing.DisposeAsync();
        var watch = Stopwatch.StartNew();
        var down = await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/account", dave.Token));
        watch.Stop();
        var migrated = await ApiClients.Create(host, BillingApiFactory.AdminToken).GetAsync("/dyno-sizes");

        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Equal("bad_gateway", await down.ErrorIdAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, migrated.StatusCode);
    }

    [Fact]
    public async Task A_legacy_service_that_never_answers_gives_504_after_its_timeout()
    {
        using var silent = new TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptTcpClientAsync());
            }
        });
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        await using var host = Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Strangler:Services:billing:BaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Strangler:Services:billing:Timeout"] = "00:00:01",
        });

        var watch = Stopwatch.StartNew();
        var response = await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/account", "any"));
        watch.Stop();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("gateway_timeout", await response.ErrorIdAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        silent.Stop();
    }
}
