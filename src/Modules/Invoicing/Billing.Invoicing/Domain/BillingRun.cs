using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Domain;

internal enum BillingRunStatus
{
    /// <summary>Listing the owners with usage into run items (resumable: items are inserted idempotently).</summary>
    Planning = 0,

    /// <summary>Partitions are being rated.</summary>
    Rating = 1,

    /// <summary>Every item is done or has failed for good.</summary>
    Completed = 2,
}

/// <summary>
/// One billing run over a period: the monthly run, or an admin's on-demand or dry run. Its items are the
/// owners to invoice; progress is counted from them, so it survives any crash.
/// </summary>
internal sealed class BillingRun
{
    private BillingRun()
    {
        RequestedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public DateTimeOffset PeriodStart { get; private set; }

    public DateTimeOffset PeriodEnd { get; private set; }

    /// <summary>Rates without persisting invoices: items record what the total would be.</summary>
    public bool DryRun { get; private set; }

    public BillingRunStatus Status { get; private set; }

    public int Partitions { get; private set; }

    public string RequestedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public static BillingRun Start(Guid id, BillingPeriod period, bool dryRun, string requestedBy, DateTimeOffset now) =>
        new()
        {
            Id = id,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            DryRun = dryRun,
            Status = BillingRunStatus.Planning,
            RequestedBy = requestedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };

    public void Planned(int partitions, DateTimeOffset now)
    {
        Partitions = partitions;
        Status = BillingRunStatus.Rating;
        UpdatedAt = now;
    }

    public void Complete(DateTimeOffset now)
    {
        Status = BillingRunStatus.Completed;
        CompletedAt = now;
        UpdatedAt = now;
    }
}


internal enum BillingRunItemStatus
{
    Pending = 0,
    Done = 1,
    Failed = 2,
}

/// <summary>One owner of a billing run, in one partition (one Hangfire job rates one partition).</summary>
internal sealed class BillingRunItem
{
    public const int MaxAttempts = 3;

    private BillingRunItem()
    {
    }

    public BillingRunItem(Guid runId, BillableOwner owner, int partition)
    {
        RunId = runId;
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
        Partition = partition;
    }

    public Guid RunId { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public int Partition { get; private set; }

    public BillingRunItemStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public int? InvoiceNumber { get; private set; }

    public long? TotalCents { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public BillableOwner Owner => new(OwnerKind, OwnerId);

    public void Done(int? invoiceNumber, long totalCents, DateTimeOffset now)
    {
        Status = BillingRunItemStatus.Done;
        InvoiceNumber = invoiceNumber;
        TotalCents = totalCents;
        LastError = null;
        UpdatedAt = now;
    }

    /// <summary>A failure isolates this owner: it is retried by the partition's next attempt until <see cref="MaxAttempts"/>.</summary>
    public void Failed(string error, DateTimeOffset now)
    {
        Attempts++;
        Status = BillingRunItemStatus.Failed;
        LastError = error.Length > 2000 ? error[..2000] : error;
        UpdatedAt = now;
    }

    public bool Retryable => Status == BillingRunItemStatus.Pending || (Status == BillingRunItemStatus.Failed && Attempts < MaxAttempts);
}
