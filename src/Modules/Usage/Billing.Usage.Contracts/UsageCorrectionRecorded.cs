using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Contracts;

/// <summary>
/// An event arrived for a period that was already invoiced (Usage learns that from Invoicing's
/// <c>InvoiceFinalized</c>). It is stored like any other; Invoicing settles the difference as an adjustment
/// line on the owner's next invoice, never by rewriting the finalized one. One per late usage event.
/// </summary>
[IntegrationEventName("usage.usage_correction_recorded.v1")]
public sealed record UsageCorrectionRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    BillableOwner Owner,
    DateTimeOffset InvoicedPeriodStart,
    DateTimeOffset InvoicedPeriodEnd,
    string UsageEventId,
    Guid AppId,
    string Metric) : IntegrationEvent(EventId, OccurredAt);
