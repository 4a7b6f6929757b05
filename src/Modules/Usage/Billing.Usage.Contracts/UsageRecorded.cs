using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Contracts;

/// <summary>
/// Usage of <see cref="Owner"/> in the calendar month starting <see cref="MonthStart"/> changed (new events were
/// stored). Published once per owner and month per ingested batch, not per event, so consumers (licence
/// consumption, thresholds) recompute from the rollups instead of counting events.
/// </summary>
[IntegrationEventName("usage.usage_recorded.v1")]
public sealed record UsageRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    BillableOwner Owner,
    DateTimeOffset MonthStart,
    int AcceptedEvents) : IntegrationEvent(EventId, OccurredAt);
