using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Mediation;

namespace Billing.Invoicing.Domain;

/// <summary>
/// A charge (positive) or refund (negative) billing support decided, with a mandatory reason; it becomes an
/// adjustment line on the owner's next invoice and is then marked applied (never billed twice).
/// </summary>
internal sealed class SupportAdjustment
{
    private SupportAdjustment()
    {
        Description = string.Empty;
        Reason = string.Empty;
        CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public long AmountCents { get; private set; }

    public string Description { get; private set; }

    public string Reason { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid? AppliedToInvoiceId { get; private set; }

    /// <summary>The invoice whose negative balance this is (ADR 0043); null for what billing support entered.</summary>
    public Guid? CarriedFromInvoiceId { get; private set; }

    public BillableOwner Owner => new(OwnerKind, OwnerId);

    public static IEnumerable<FieldError> Check(long amountCents, string? description, string? reason)
    {
        if (amountCents == 0 || !MoneyBounds.WithinEntryBound(amountCents))
        {
            yield return new FieldError("amount", $"must be a non-zero whole number of cents (negative refunds), at most {MoneyBounds.MaxEntryCents} either way");
        }

        if (string.IsNullOrWhiteSpace(description) || description.Length > 200)
        {
            yield return new FieldError("description", "is required (at most 200 characters)");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            yield return new FieldError("reason", "is required (at most 1000 characters): say why");
        }
    }

    public static SupportAdjustment Create(BillableOwner owner, long amountCents, string description, string reason, string createdBy, DateTimeOffset now)
    {
        var errors = Check(amountCents, description, reason).ToList();
        return errors.Count > 0
            ? throw new ValidationFailedException(errors)
            : new SupportAdjustment
            {
                Id = Guid.CreateVersion7(now),
                OwnerKind = owner.Kind,
                OwnerId = owner.Id,
                AmountCents = amountCents,
                Description = description.Trim(),
                Reason = reason.Trim(),
                CreatedBy = createdBy,
                CreatedAt = now,
            };
    }

    /// <summary>
    /// The balance a finalized invoice came to below zero, owed to the owner: it becomes a (negative) adjustment line on
    /// the owner's next invoice. Not bounded like money typed in by staff: it is what the invoice's own lines add up to.
    /// </summary>
    public static SupportAdjustment CarriedForward(Invoice from, long balanceCents, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(balanceCents);
        return new SupportAdjustment
        {
            Id = Guid.CreateVersion7(now),
            OwnerKind = from.OwnerKind,
            OwnerId = from.OwnerId,
            AmountCents = -balanceCents,
            Description = $"Balance carried forward from invoice {from.Number}",
            Reason = $"invoice {from.Number} for {from.PeriodStart.UtcDateTime:MM/yyyy} came to {-balanceCents / 100m:0.00}; a negative balance is not collected",
            CreatedBy = CarryForwardActor,
            CreatedAt = now,
            CarriedFromInvoiceId = from.Id,
        };
    }

    /// <summary>
    /// The voided invoice's carried balance that a standing invoice already billed: the owner had it as a refund, and the
    /// void cancels the lines it came from, so it is charged back on the owner's next invoice (ADR 0043). Who voided is
    /// who decided it.
    /// </summary>
    public static SupportAdjustment CarriedBalanceChargedBack(Invoice voided, SupportAdjustment carried, string reason, string voidedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(voided);
        ArgumentNullException.ThrowIfNull(carried);
        if (carried.CarriedFromInvoiceId != voided.Id || carried.AmountCents >= 0)
        {
            throw new ArgumentException("Only a balance this invoice carried forward can be charged back.", nameof(carried));
        }

        return new SupportAdjustment
        {
            Id = Guid.CreateVersion7(now),
            OwnerKind = voided.OwnerKind,
            OwnerId = voided.OwnerId,
            AmountCents = -carried.AmountCents,
            Description = $"Balance carried forward from voided invoice {voided.Number}, charged back",
            Reason = reason,
            CreatedBy = voidedBy,
            CreatedAt = now,
        };
    }

    /// <summary>Who the audit log names for balances the billing run carries forward and voids withdraw.</summary>
    public const string CarryForwardActor = "billing-run";

    public void AppliedTo(Guid invoiceId) => AppliedToInvoiceId = invoiceId;
}

/// <summary>
/// Usage arrived for a period that is already invoiced. The difference it makes is settled on the owner's next
/// invoice: the period is re-rated then and the change in charges becomes an adjustment line.
/// </summary>
internal sealed class PendingUsageCorrection
{
    private PendingUsageCorrection()
    {
    }

    public PendingUsageCorrection(BillableOwner owner, BillingPeriod invoicedPeriod, DateTimeOffset now, int lateEvents = 1)
    {
        LateEvents = lateEvents;
        Id = Guid.CreateVersion7(now);
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
        PeriodStart = invoicedPeriod.Start;
        PeriodEnd = invoicedPeriod.End;
        RecordedAt = now;
    }

    public Guid Id { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public DateTimeOffset PeriodStart { get; private set; }

    public DateTimeOffset PeriodEnd { get; private set; }

    public int LateEvents { get; private set; } = 1;

    public DateTimeOffset RecordedAt { get; private set; }

    public Guid? SettledOnInvoiceId { get; private set; }

    public long? SettledCents { get; private set; }

    public BillableOwner Owner => new(OwnerKind, OwnerId);

    public BillingPeriod Period => new(PeriodStart, PeriodEnd);
}

/// <summary>Who changed what money, when and why: every support adjustment and goodwill credit.</summary>
internal sealed class AuditEntry
{
    private AuditEntry()
    {
        Actor = string.Empty;
        Action = string.Empty;
        Subject = string.Empty;
        Reason = string.Empty;
    }

    public AuditEntry(string actor, string action, string subject, string reason, long beforeCents, long afterCents, DateTimeOffset at)
        : this()
    {
        Id = Guid.CreateVersion7(at);
        Actor = actor;
        Action = action;
        Subject = subject;
        Reason = reason;
        BeforeCents = beforeCents;
        AfterCents = afterCents;
        At = at;
    }

    public Guid Id { get; private set; }

    /// <summary>The token id of the staff member.</summary>
    public string Actor { get; private set; }

    /// <summary><c>adjustment.created</c>, <c>credit.granted</c>.</summary>
    public string Action { get; private set; }

    /// <summary>The owner (<c>account:&lt;uuid&gt;</c>) the money concerns.</summary>
    public string Subject { get; private set; }

    public string Reason { get; private set; }

    /// <summary>The owner's pending adjustments (or credit balance) before and after.</summary>
    public long BeforeCents { get; private set; }

    public long AfterCents { get; private set; }

    public DateTimeOffset At { get; private set; }
}
