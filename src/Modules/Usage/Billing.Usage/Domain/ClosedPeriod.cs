using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Domain;

/// <summary>An owner's period that a finalized invoice covers: usage landing in it later becomes a correction.</summary>
internal sealed class ClosedPeriod
{
    public ClosedPeriod(Guid invoiceId, BillableOwner owner, DateTimeOffset start, DateTimeOffset end, DateTimeOffset finalizedAt)
    {
        InvoiceId = invoiceId;
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
        Start = start;
        End = end;
        FinalizedAt = finalizedAt;
    }

    private ClosedPeriod()
    {
    }

    public Guid InvoiceId { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public BillableOwner Owner => new(OwnerKind, OwnerId);

    public DateTimeOffset Start { get; private set; }

    public DateTimeOffset End { get; private set; }

    public DateTimeOffset FinalizedAt { get; private set; }

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}
