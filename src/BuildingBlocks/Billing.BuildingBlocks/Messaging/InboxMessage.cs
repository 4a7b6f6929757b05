namespace Billing.BuildingBlocks.Messaging;

/// <summary>
/// Proof that a consumer has handled an event. Its key (event id, consumer) is what turns a
/// redelivery into a no-op; it commits in the consumer's transaction together with the effect.
/// </summary>
public sealed class InboxMessage(Guid eventId, string consumer, DateTimeOffset processedAt)
{
    public Guid EventId { get; private set; } = eventId;

    public string Consumer { get; private set; } = consumer;

    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}
