using Billing.BuildingBlocks.Messaging;

namespace Billing.UnitTests.Messaging;

public sealed class RetryPolicyTests
{
    [Fact]
    public void Backoff_doubles_up_to_the_ceiling()
    {
        var policy = new RetryPolicy { FirstDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(20) };

        var delays = Enumerable.Range(1, 6).Select(policy.DelayAfter).Select(d => d.TotalSeconds);

        Assert.Equal([2d, 4, 8, 16, 20, 20], delays);
    }

    [Fact]
    public void A_message_is_parked_after_the_last_allowed_attempt()
    {
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var policy = new RetryPolicy { MaxAttempts = 3, FirstDelay = TimeSpan.FromSeconds(1) };
        var message = new OutboxMessage(Guid.NewGuid(), "x.v1", "{}", now);

        message.RecordFailure("boom", now, policy);
        message.RecordFailure("boom", now, policy);
        Assert.Null(message.ParkedAt);
        Assert.Equal(now + TimeSpan.FromSeconds(2), message.NextAttemptAt);
        message.RecordFailure("boom", now, policy);

        Assert.Equal(now, message.ParkedAt);
        message.Replay(now.AddHours(1));
        Assert.Null(message.ParkedAt);
        Assert.Equal(0, message.Attempts);
    }
}
