using Billing.BuildingBlocks.Abstractions;

namespace Billing.Invoicing.Contracts;

/// <summary>Billing support granted an account a credit (integer cents) that later invoices draw down.</summary>
[IntegrationEventName("invoicing.credit_granted.v1")]
public sealed record CreditGranted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid CreditId,
    Guid AccountId,
    long AmountCents,
    DateTimeOffset ExpiresAt,
    string Reason) : IntegrationEvent(EventId, OccurredAt);
