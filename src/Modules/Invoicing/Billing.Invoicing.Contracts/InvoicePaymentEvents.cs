using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Contracts;

/// <summary>A finalized invoice was collected in full (while Payments is unmigrated, as legacy payments reports it).</summary>
[IntegrationEventName("invoicing.invoice_paid.v1")]
public sealed record InvoicePaid(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid InvoiceId,
    int Number,
    BillableOwner Owner,
    long TotalCents) : IntegrationEvent(EventId, OccurredAt);

/// <summary>Collecting a finalized invoice failed; the owner may become delinquent.</summary>
[IntegrationEventName("invoicing.invoice_payment_failed.v1")]
public sealed record InvoicePaymentFailed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid InvoiceId,
    int Number,
    BillableOwner Owner,
    long TotalCents) : IntegrationEvent(EventId, OccurredAt);

/// <summary>
/// A finalized invoice was voided by billing support: it is no longer owed, and <see cref="CreditNoteNumber"/> (a negative
/// document of <see cref="CreditNoteTotalCents"/>) reverses it. <see cref="AccountCreditCents"/> is what went to the account's
/// credit balance (what was paid, and the credits it had drawn); 0 for team invoices and unpaid ones without credits.
/// </summary>
[IntegrationEventName("invoicing.invoice_voided.v1")]
public sealed record InvoiceVoided(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid InvoiceId,
    int Number,
    BillableOwner Owner,
    int CreditNoteNumber,
    long CreditNoteTotalCents,
    long AccountCreditCents,
    string Reason) : IntegrationEvent(EventId, OccurredAt);

/// <summary>An invoice drew <see cref="AmountCents"/> from an account credit, leaving <see cref="BalanceAfterCents"/>.</summary>
[IntegrationEventName("invoicing.credit_applied.v1")]
public sealed record CreditApplied(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid CreditId,
    Guid AccountId,
    Guid InvoiceId,
    int InvoiceNumber,
    long AmountCents,
    long BalanceAfterCents) : IntegrationEvent(EventId, OccurredAt);
