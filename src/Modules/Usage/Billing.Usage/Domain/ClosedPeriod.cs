using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Domain;

/// <summary>
/// An owner's period that a finalized invoice covers: usage landing in it later becomes a correction. "Later" is after
/// the usage position the invoice was rated through (ADR 0038); invoices finalized before runs pinned usage have none,
/// and for them it is after the instant they were finalized.
/// </summary>
internal sealed class ClosedPeriod
{
    public ClosedPeriod(Guid invoiceId, BillableOwner owner, DateTimeOffset start, DateTimeOffset end, DateTimeOffset finalizedAt, long? usageThrough)
    {
        InvoiceId = invoiceId;
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
        Start = start;
        End = end;
        FinalizedAt = finalizedAt;
        UsageThrough = usageThrough;
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

    /// <summary>The highest usage position the invoice was rated from; null for invoices rated before pins.</summary>
    public long? UsageThrough { get; private set; }

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}
