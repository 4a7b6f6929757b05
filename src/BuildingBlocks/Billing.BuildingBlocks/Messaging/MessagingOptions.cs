namespace Billing.BuildingBlocks.Messaging;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Run the background outbox dispatcher in this instance.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 50;

    public RetryPolicy Retry { get; set; } = new();

    /// <summary>Delivered outbox rows and inbox rows older than this are purged by the retention job.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
