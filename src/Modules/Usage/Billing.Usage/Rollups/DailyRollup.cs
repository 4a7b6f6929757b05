using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Rollups;

/// <summary>
/// A stored rollup row per owner, app, metric, subject, variant and UTC day, maintained
/// after each ingested batch (ADR 0017, ADR 0031, ADR 0044); a month is read as the sum of its days. For gauges
/// <see cref="ValueTotal"/> is Σ value × seconds of the <em>closed</em> stretches only (a reading held until the next
/// reading of its series); the latest reading's open stretch grows with the clock and is added on read. For counters
/// it is the sum of readings. <see cref="MaxValue"/> is the highest value held (gauges) or read (counters);
/// <see cref="Pieces"/> counts readings (counters) or held stretches (gauges).
/// </summary>
internal sealed class DailyRollup
{
    public BillableOwnerKind OwnerKind { get; set; }

    public Guid OwnerId { get; set; }

    public Guid AppId { get; set; }

    public string Metric { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string Variant { get; set; } = string.Empty;

    /// <summary>Start of the UTC day the row covers.</summary>
    public DateTimeOffset PeriodStart { get; set; }

    public decimal ValueTotal { get; set; }

    public decimal MaxValue { get; set; }

    public long Pieces { get; set; }
}
