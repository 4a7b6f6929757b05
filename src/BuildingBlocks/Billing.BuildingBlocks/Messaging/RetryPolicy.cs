namespace Billing.BuildingBlocks.Messaging;

/// <summary>Exponential backoff with a ceiling; after <see cref="MaxAttempts"/> failures a message is parked.</summary>
public sealed class RetryPolicy
{
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan DelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Max(0, attempts - 1));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }
}
