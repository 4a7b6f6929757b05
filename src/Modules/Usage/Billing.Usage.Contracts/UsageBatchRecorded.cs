using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Contracts;

/// <summary>
/// An ingested batch stored new events: <see cref="Changes"/> lists each owner and month whose usage changed, with how
/// many events it gained. One per batch, not one per owner (a batch spans hundreds of owners, and each message is a
/// delivery to every consumer), so consumers recompute from the rollups what concerns them. Replaces
/// <see cref="UsageRecorded"/> for new batches (ADR 0032); consumers keep handling that one for messages in flight.
/// </summary>
[IntegrationEventName("usage.usage_batch_recorded.v1")]
public sealed record UsageBatchRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    IReadOnlyList<UsageChange> Changes) : IntegrationEvent(EventId, OccurredAt);

/// <summary>Usage of <see cref="Owner"/> in the calendar month starting <see cref="MonthStart"/> gained <see cref="AcceptedEvents"/> events.</summary>
public sealed record UsageChange(BillableOwner Owner, DateTimeOffset MonthStart, int AcceptedEvents);
