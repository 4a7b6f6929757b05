using Billing.BuildingBlocks.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Billing.UnitTests.Http;

public sealed class TokenBucketLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    private TokenBucketLimiter Limiter(int perHour) => new(_clock, Options.Create(new RateLimitOptions { RequestsPerHour = perHour }));

    [Fact]
    public void A_full_bucket_allows_the_hourly_budget_then_refuses()
    {
        var limiter = Limiter(4500);

        var allowed = Enumerable.Range(0, 4500).Select(_ => limiter.TryAcquire("t")).ToList();
        var refused = limiter.TryAcquire("t");

        Assert.All(allowed, r => Assert.True(r.Allowed));
        Assert.Equal(4499, allowed[0].Remaining);
        Assert.Equal(0, allowed[^1].Remaining);
        Assert.False(refused.Allowed);
        Assert.Equal(0, refused.Remaining);
    }

    [Fact]
    public void The_budget_refills_continuously_at_the_hourly_rate()
    {
        var limiter = Limiter(4500);
        for (var i = 0; i < 4500; i++)
        {
            limiter.TryAcquire("t");
        }

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(75, limiter.Peek("t"));
        Assert.True(limiter.TryAcquire("t").Allowed);
    }

    [Fact]
    public void Tokens_have_separate_budgets_and_peeking_spends_nothing()
    {
        var limiter = Limiter(2);
        limiter.TryAcquire("a");
        limiter.TryAcquire("a");

        Assert.False(limiter.TryAcquire("a").Allowed);
        Assert.Equal(2, limiter.Peek("b"));
        Assert.Equal(2, limiter.Peek("b"));
        Assert.True(limiter.TryAcquire("b").Allowed);
    }
}
