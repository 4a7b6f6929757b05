using System.Net;
using System.Text;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// An edge instance with event-loop I/O (<c>Edge:InlineIo</c>, ADR 0037) is a real Kestrel process:
/// the in-process test server has no sockets, so it would not exercise what the setting changes.
/// </summary>
public sealed class InlineIoEdgeTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy), IDisposable
{
    // The edge's embedded database (it needs none for forwarding, but the host always opens one).
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("billing-edge-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task An_edge_instance_with_inline_io_forwards_reads_and_writes_exactly_as_legacy_answers_them()
    {
        await using var edge = await StartEdgeAsync(jobsServer: false);
        using var direct = new HttpClient { BaseAddress = Legacy.Billing.BaseUrl };
        using var through = new HttpClient { BaseAddress = edge.BaseUrl };
        var dave = LegacyFixtureData.Customer("dave@example.com");

        // Concurrent requests share the two event loops: each still gets its own answer.
        var paths = new[] { "/account", "/account/invoices", "/account/invoices/1", "/account/credits", "/dyno-sizes", "/no-such-route" };
        var answers = await Task.WhenAll(Enumerable.Range(0, 48).Select(async i =>
        {
            var path = paths[i % paths.Length];
            var requestId = Guid.NewGuid().ToString();
            var expected = await direct.SendAsync(ClientRequest(HttpMethod.Get, path, dave.Token, requestId: requestId));
            var actual = await through.SendAsync(ClientRequest(HttpMethod.Get, path, dave.Token, requestId: requestId));
            return (path, expected, actual);
        }));
        foreach (var (path, expected, actual) in answers)
        {
            Assert.Equal(expected.StatusCode, actual.StatusCode);
            Assert.Equal(expected.Headers.GetValues("Request-Id"), actual.Headers.GetValues("Request-Id"));
            Assert.True(await expected.Content.ReadAsStringAsync() == await actual.Content.ReadAsStringAsync(), $"{path}: bodies differ");
        }

        // A write's body streams through the loop to legacy and legacy's verdict on it comes back (one
        // it rejects, so the shared stand-in's data stays as the other tests expect it).
        HttpRequestMessage Patch()
        {
            var patch = ClientRequest(HttpMethod.Patch, "/account/payment-method", dave.Token, accept: "application/vnd.heroku+json; version=3.sdk");
            patch.Content = new StringContent("""{"card_number":"4242"}""", Encoding.UTF8, "application/json");
            return patch;
        }

        var legacyVerdict = await direct.SendAsync(Patch());
        var edgeVerdict = await through.SendAsync(Patch());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, edgeVerdict.StatusCode);
        Assert.Equal(legacyVerdict.StatusCode, edgeVerdict.StatusCode);
        Assert.Equal(await legacyVerdict.Content.ReadAsStringAsync(), await edgeVerdict.Content.ReadAsStringAsync());
        Assert.Contains("card_number", await edgeVerdict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_with_inline_io_refuses_to_start_while_it_would_also_process_jobs()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartEdgeAsync(jobsServer: true));

        Assert.Contains("Edge:InlineIo", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Jobs:ServerEnabled=false", refused.Message, StringComparison.Ordinal);
    }

    private Task<LegacyProcess> StartEdgeAsync(bool jobsServer)
    {
        // Every capability in Legacy mode, as the in-process parity tests run it, in environment-variable form.
        var environment = Legacy.HostSettings("Legacy").ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? string.Empty);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["Database__DataDirectory"] = _data.FullName;
        environment["Jobs__ServerEnabled"] = jobsServer ? "true" : "false";
        environment["Edge__InlineIo"] = "true";
        return LegacyProcess.StartBillingHostAsync(environment);
    }
}
