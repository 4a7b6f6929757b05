using System.Net;
using Billing.LegacyAdapters.Billing.Resilience;

namespace Billing.UnitTests.LegacyAdapters;

public sealed class RetryPolicyTests
{
    private static HttpResponseMessage Unavailable() => new(HttpStatusCode.ServiceUnavailable);

    [Fact]
    public async Task A_POST_that_fails_with_503_is_attempted_exactly_once()
    {
        var legacy = new FakeLegacyHandler((_, _) => Unavailable());
        using var services = LegacyClientHost.With(legacy);

        using var response = await services.Client().PostAsync("/account/payments", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, legacy.Attempts);
    }

    [Fact]
    public async Task A_POST_whose_attempt_throws_is_not_sent_again()
    {
        var legacy = new FakeLegacyHandler((_, _) => throw new HttpRequestException("connection reset"));
        using var services = LegacyClientHost.With(legacy);

        await Assert.ThrowsAsync<HttpRequestException>(() => services.Client().PostAsync("/account/payments", new StringContent("{}")));

        Assert.Equal(1, legacy.Attempts);
    }

    [Fact]
    public async Task A_GET_that_fails_with_503_is_retried_up_to_the_limit()
    {
        var legacy = new FakeLegacyHandler((_, _) => Unavailable());
        using var services = LegacyClientHost.With(legacy);

        using var response = await services.Client().GetAsync("/dyno-sizes");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1 + LegacyClientHost.MaxRetryAttempts, legacy.Attempts);
    }

    [Fact]
    public async Task A_GET_succeeds_when_a_retry_does()
    {
        var legacy = new FakeLegacyHandler((_, attempt) => attempt == 1 ? Unavailable() : new HttpResponseMessage(HttpStatusCode.OK));
        using var services = LegacyClientHost.With(legacy);

        using var response = await services.Client().GetAsync("/dyno-sizes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, legacy.Attempts);
    }

    [Fact]
    public async Task A_POST_carrying_an_idempotency_key_is_retried()
    {
        var legacy = new FakeLegacyHandler((_, _) => Unavailable());
        using var services = LegacyClientHost.With(legacy);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/payments") { Content = new StringContent("{}") };
        request.Headers.Add(IdempotencyKey.Header, Guid.NewGuid().ToString());

        using var response = await services.Client().SendAsync(request);

        Assert.Equal(1 + LegacyClientHost.MaxRetryAttempts, legacy.Attempts);
    }

    [Fact]
    public async Task A_client_error_is_not_retried_even_for_a_GET()
    {
        var legacy = new FakeLegacyHandler((_, _) => new HttpResponseMessage(HttpStatusCode.NotFound));
        using var services = LegacyClientHost.With(legacy);

        using var response = await services.Client().GetAsync("/dyno-sizes/unknown");

        Assert.Equal(1, legacy.Attempts);
    }
}
