using System.Net;
using System.Security.Claims;
using Billing.BuildingBlocks.Http;
using Billing.Host.Strangler;
using Billing.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Strangler;

public sealed class ShadowTests(PostgresFixture fixture, LegacyStandIns legacy) : StranglerTest(fixture, legacy)
{
    private const string DynoSizes = "pricing.dyno-sizes.read";

    [Fact]
    public async Task A_different_candidate_is_recorded_as_a_mismatch_and_the_client_still_gets_legacy()
    {
        var dave = LegacyFixtureData.Customer("dave@example.com");
        await ImportLegacyTokenAsync(dave);
        await using var host = HostWith("Shadow");
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PublishDynoSizeAsync("only-in-new", cents: 1)).StatusCode);
        using var direct = new HttpClient { BaseAddress = Legacy.Billing.BaseUrl };

        var expected = await (await direct.SendAsync(ClientRequest(HttpMethod.Get, "/dyno-sizes", dave.Token))).Content.ReadAsStringAsync();
        var served = await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/dyno-sizes", dave.Token));

        Assert.Equal(expected, await served.Content.ReadAsStringAsync());
        await CutOverTests.Eventually(async () => (await ShadowFiguresAsync(admin)).GetProperty("mismatched").GetInt64() == 1,
            timeoutMs: 15000, describe: async () => (await CapabilityAsync(admin)).ToString());
        var sample = Assert.Single((await (await admin.GetAsync($"/admin/migration/{DynoSizes}/mismatches")).JsonAsync()).EnumerateArray());
        Assert.Equal("/dyno-sizes", sample.GetProperty("target").GetString());
        Assert.Equal(dave.AccountId.ToString(), sample.GetProperty("caller_key").GetString());
        Assert.Contains("items", sample.GetProperty("differences").GetString());
        Assert.Contains("only-in-new", sample.GetProperty("candidate_body").GetString());
    }

    [Fact]
    public async Task A_candidate_that_throws_or_times_out_does_not_affect_the_response()
    {
        var dave = LegacyFixtureData.Customer("dave@example.com");
        await ImportLegacyTokenAsync(dave);
        using var direct = new HttpClient { BaseAddress = Legacy.Billing.BaseUrl };
        var expected = await (await direct.SendAsync(ClientRequest(HttpMethod.Get, "/dyno-sizes", dave.Token))).Content.ReadAsStringAsync();

        await using var throwing = HostWith("Shadow").WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddScoped(typeof(IPipelineBehavior<,>), typeof(ThrowingBehavior<,>))));
        await using var slow = HostWith("Shadow", new Dictionary<string, string?> { [$"Strangler:Capabilities:{DynoSizes}:CandidateTimeout"] = "00:00:00.0000001" });

        foreach (var (host, counter) in new[] { (throwing, "candidate_failed"), (slow, "candidate_timed_out") })
        {
            var served = await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/dyno-sizes", dave.Token));

            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(expected, await served.Content.ReadAsStringAsync());
            var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
            // The candidate runs in the background after the response; on a loaded CI machine a cold host
            // can take a few seconds to get to it. The message says which mode and handler served the request.
            await CutOverTests.Eventually(async () => (await ShadowFiguresAsync(admin)).GetProperty(counter).GetInt64() == 1,
                timeoutMs: 15000, describe: async () => $"{counter}: {await CapabilityAsync(admin)}");
        }
    }

    [Theory]
    [InlineData(0, 2000, "Matched")]
    [InlineData(150, 2000, "Matched")]
    [InlineData(150, 20, "CandidateTimedOut")]
    public async Task A_candidate_slower_than_its_budget_is_timed_out_even_when_it_finishes_before_the_budget_fires(
        int candidateMs, int budgetMs, string expected)
    {
        // A candidate that completes synchronously never observes its budget's cancellation: before, whether it
        // counted as timed out depended on whether the timer had fired by the time the runner looked.
        await using var host = HostWith("Shadow");
        var runner = host.Services.GetRequiredService<ShadowRunner>();
        var endpoint = new Endpoint(context =>
        {
            Thread.Sleep(candidateMs);
            return context.Response.Body.WriteAsync("[]"u8.ToArray()).AsTask();
        }, EndpointMetadataCollection.Empty, "synchronous candidate");
        var capability = new CapabilityState(DynoSizes, CutOverMode.Shadow, 0, "billing", [],
            TimeSpan.FromMilliseconds(budgetMs), false, null, null, null);
        var request = new ShadowRunner.CandidateRequest(capability, endpoint, "GET", "/dyno-sizes", QueryString.Empty, [],
            [], new ClaimsPrincipal(), new ApiVariant(ApiVariant.V3), "req-1", null);

        var outcome = await runner.CompareAsync(request, new ShadowRunner.LegacyResult(200, "[]"u8.ToArray()));

        Assert.Equal(expected, outcome.ToString());
    }

    [Fact]
    public async Task A_caller_the_host_does_not_know_is_served_by_legacy_and_not_compared()
    {
        var frank = LegacyFixtureData.Customer("frank@example.com");
        await using var host = HostWith("Shadow");

        var served = await host.CreateClient().SendAsync(ClientRequest(HttpMethod.Get, "/dyno-sizes", frank.Token));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var figures = await ShadowFiguresAsync(ApiClients.Create(host, BillingApiFactory.AdminToken));
        Assert.Equal(0, figures.GetProperty("compared").GetInt64());
    }

    private static async Task<System.Text.Json.JsonElement> ShadowFiguresAsync(HttpClient admin) =>
        (await CapabilityAsync(admin)).GetProperty("figures").GetProperty("shadow");

    private static async Task<System.Text.Json.JsonElement> CapabilityAsync(HttpClient admin)
    {
        var overview = await (await admin.GetAsync("/admin/migration")).JsonAsync();
        return overview.GetProperty("capabilities").EnumerateArray().Single(c => c.GetProperty("name").GetString() == DynoSizes);
    }

    /// <summary>Makes the new dyno-size list blow up, as a buggy candidate would.</summary>
    private sealed class ThrowingBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
        where TMessage : notnull, IMessage
    {
        public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
            typeof(TMessage).Name == "ListDynoSizes" ? throw new InvalidOperationException("candidate bug") : next(message, cancellationToken);
    }
}
