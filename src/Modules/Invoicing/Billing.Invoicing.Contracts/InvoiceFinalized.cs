using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Contracts;

/// <summary>
/// An invoice became immutable. Usage listens to know which periods are closed (later usage in them becomes a
/// correction); Payments listens to collect <see cref="TotalCents"/>. <see cref="UsageThrough"/> is the usage position
/// the invoice was rated through (<c>IUsageReader.PinAsync</c>): Usage corrects the period's events above it. Null for
/// invoices rated before positions were pinned (and in messages written then): Usage then corrects by instant.
/// </summary>
[IntegrationEventName("invoicing.invoice_finalized.v1")]
public sealed record InvoiceFinalized(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid InvoiceId,
    int Number,
    BillableOwner Owner,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    long TotalCents,
    long? UsageThrough = null) : IntegrationEvent(EventId, OccurredAt);
