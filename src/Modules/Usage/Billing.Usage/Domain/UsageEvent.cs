using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Domain;

/// <summary>
/// One thing the platform reported, stored once per producer id. <see cref="Seq"/> is the arrival order: of two
/// gauge readings at the same instant the one that arrived later wins, as in legacy.
/// </summary>
internal sealed class UsageEvent
{
    public UsageEvent(string eventId, BillableOwner owner, Guid appId, string metric, string subject, string variant, decimal value, DateTimeOffset occurredAt, DateTimeOffset recordedAt)
    {
        EventId = eventId;
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
        AppId = appId;
        Metric = metric;
        Subject = subject;
        Variant = variant;
        Value = value;
        OccurredAt = occurredAt;
        RecordedAt = recordedAt;
    }

    private UsageEvent()
    {
        EventId = Metric = Subject = Variant = string.Empty;
    }

    public long Seq { get; private set; }

    /// <summary>The producer's id: the dedup key.</summary>
    public string EventId { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public BillableOwner Owner => new(OwnerKind, OwnerId);

    /// <summary>The app; <see cref="Guid.Empty"/> for team-level usage (spaces, Connect rows).</summary>
    public Guid AppId { get; private set; }

    public string Metric { get; private set; }

    public string Subject { get; private set; }

    public string Variant { get; private set; }

    public decimal Value { get; private set; }

    /// <summary>When it happened on the platform, to the second (the metering resolution).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}
