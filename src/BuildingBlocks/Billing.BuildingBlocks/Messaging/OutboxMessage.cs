using Billing.BuildingBlocks.Abstractions;

namespace Billing.BuildingBlocks.Messaging;

/// <summary>An integration event waiting in (or delivered from) a module's outbox.</summary>
public sealed class OutboxMessage
{
    public OutboxMessage(Guid id, string type, string payload, DateTimeOffset occurredAt)
    {
        Id = id;
        Type = type;
        Payload = payload;
        OccurredAt = occurredAt;
        NextAttemptAt = occurredAt;
    }

    /// <summary>The outbox row for an event: its stable wire name and its JSON as consumers read it back.</summary>
    public static OutboxMessage For(IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var type = integrationEvent.GetType();
        return new OutboxMessage(
            integrationEvent.EventId,
            IntegrationEventNames.Of(type),
            System.Text.Json.JsonSerializer.Serialize(integrationEvent, type, IntegrationEventJson.Options),
            integrationEvent.OccurredAt);
    }

    public Guid Id { get; private set; }

    /// <summary>The event's stable wire name.</summary>
    public string Type { get; private set; }

    public string Payload { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    /// <summary>Set when delivery failed too often; a parked message waits for an operator's replay.</summary>
    public DateTimeOffset? ParkedAt { get; private set; }

    public string? LastError { get; private set; }

    public void MarkProcessed(DateTimeOffset now)
    {
        ProcessedAt = now;
        LastError = null;
    }

    public void RecordFailure(string error, DateTimeOffset now, RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Attempts++;
        LastError = error.Length > 4000 ? error[..4000] : error;
        if (Attempts >= policy.MaxAttempts)
        {
            ParkedAt = now;
        }
        else
        {
            NextAttemptAt = now + policy.DelayAfter(Attempts);
        }
    }

    public void Replay(DateTimeOffset now)
    {
        ParkedAt = null;
        Attempts = 0;
        NextAttemptAt = now;
    }
}
