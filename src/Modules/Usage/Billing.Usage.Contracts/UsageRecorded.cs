using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Contracts;

/// <summary>
/// Usage of <see cref="Owner"/> in the calendar month starting <see cref="MonthStart"/> changed (new events were
/// stored). Was published once per owner and month per ingested batch; intake now publishes one
/// <see cref="UsageBatchRecorded"/> per batch instead (ADR 0032), and this stays for messages already in outboxes.
/// </summary>
[IntegrationEventName("usage.usage_recorded.v1")]
public sealed record UsageRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    BillableOwner Owner,
    DateTimeOffset MonthStart,
    int AcceptedEvents) : IntegrationEvent(EventId, OccurredAt);
