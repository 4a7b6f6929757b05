using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Domain;

/// <summary>
/// The document that reverses a voided invoice: numbered in its own gapless sequence, its total the negative of the
/// invoice's, referencing it; its lines are the invoice's lines negated (read from the immutable invoice). One per
/// invoice (unique key) and never changed (database trigger), like the invoice itself.
/// </summary>
internal sealed class CreditNote
{
    private CreditNote()
    {
        Reason = string.Empty;
        CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public int Number { get; private set; }

    public Guid InvoiceId { get; private set; }

    public int InvoiceNumber { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    /// <summary>The negative of the invoice's total: what the owner no longer owes.</summary>
    public long TotalCents { get; private set; }

    /// <summary>What went to the account's credit balance: the paid total and the credits the invoice drew.</summary>
    public long AccountCreditCents { get; private set; }

    public Guid? AccountCreditId { get; private set; }

    public string Reason { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public BillableOwner Owner => new(OwnerKind, OwnerId);

    /// <summary>
    /// What a void gives back to an account's credit balance: the paid total (money already collected) and the credits
    /// the invoice drew. Team invoices have no credit balance to return to (credits belong to accounts).
    /// </summary>
    public static long AccountCreditFor(Invoice invoice, bool wasPaid)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return invoice.OwnerKind != BillableOwnerKind.Account ? 0 : (wasPaid ? invoice.TotalCents : 0) + invoice.CreditsCents;
    }

    public static CreditNote For(Invoice invoice, int number, Credit? accountCredit, string reason, string createdBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return new CreditNote
        {
            Id = Guid.CreateVersion7(now),
            Number = number,
            InvoiceId = invoice.Id,
            InvoiceNumber = invoice.Number,
            OwnerKind = invoice.OwnerKind,
            OwnerId = invoice.OwnerId,
            TotalCents = -invoice.TotalCents,
            AccountCreditCents = accountCredit?.AmountCents ?? 0,
            AccountCreditId = accountCredit?.Id,
            Reason = reason,
            CreatedBy = createdBy,
            CreatedAt = now,
        };
    }
}
