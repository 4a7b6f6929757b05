using System.Text.Json.Serialization;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Domain.Rating;

internal enum LineKind
{
    Dyno = 0,
    Eco = 1,
    Addon = 2,
    Metered = 3,
    Adjustment = 4,
    Credit = 5,
    Tax = 6,

    /// <summary>An enterprise licence's On-demand overage (usage beyond the licensed quantity, at the contract's rate).</summary>
    OnDemand = 7,

    /// <summary>
    /// What brings a negative invoice up to zero: the balance is owed to the owner, not collected, and goes to the
    /// owner's next invoice as an adjustment (ADR 0043).
    /// </summary>
    CarriedForward = 8,
}

/// <summary>Where a line counts on a team invoice (<c>platform_total</c>, <c>database_total</c>, <c>addons_total</c>).</summary>
internal enum LineCategory
{
    Platform = 0,
    Database = 1,
    Addons = 2,
    Credit = 3,
    Tax = 4,
}

/// <summary>One stretch of usage behind a line, down to the usage event that set it.</summary>
/// <remarks>A value: a run builds one per usage segment it rates, and keeps them until its partition is written.</remarks>
internal readonly record struct UsageInterval(DateTimeOffset From, DateTimeOffset To, decimal Quantity, long Seconds, string SourceEventId);

/// <summary>
/// How a line's amount came about: the price version, the usage behind it, the proration fraction, the cap and
/// the one rounding. Exact amounts are shown to 10 decimals; the line amount is the only money figure. The usage
/// intervals are not stored (they were most of a run's writes): the stored explanation keeps their count and digest,
/// and support recomputes them from the usage the invoice was rated from (ADR 0033).
/// </summary>
internal sealed record LineExplanation(string Rule)
{
    public Guid? PriceVersionId { get; init; }

    public DateTimeOffset? PriceEffectiveFrom { get; init; }

    [JsonIgnore]
    public IReadOnlyList<UsageInterval> Intervals { get; init; } = [];

    public int IntervalCount => Intervals.Count;

    /// <summary>Identifies the intervals: a recomputation is the invoiced usage only if it hashes the same.</summary>
    public string? IntervalsSha256 => Intervals.Count == 0 ? null : UsageIntervalDigest.Of(Intervals);

    /// <summary>Σ quantity × seconds (dyno-seconds for dynos, provisioned seconds for add-ons).</summary>
    public long BillableSeconds { get; init; }

    public long BillingMonthSeconds { get; init; }

    public decimal UncappedCents { get; init; }

    public decimal? CapCents { get; init; }

    public bool CapApplied { get; init; }

    public string Rounding { get; init; } = "none";

    public Guid? CreditId { get; init; }

    /// <summary>The support adjustment or usage correction an adjustment line bills.</summary>
    public Guid? AdjustmentId { get; init; }

    public long? CreditBalanceBeforeCents { get; init; }

    public long? CreditBalanceAfterCents { get; init; }
}

internal sealed record RatedLine(
    LineKind Kind,
    LineCategory Category,
    Guid? AppId,
    string Description,
    decimal QuantityMonths,
    long UnitPriceCents,
    long AmountCents,
    LineExplanation Explanation);

/// <summary>A credit's balance drawn by an invoice.</summary>
internal sealed record CreditDraw(Guid CreditId, long Cents);

/// <summary>
/// The rated invoice. Every figure is a sum of lines: charges are the positive-kind lines, credits the (negative)
/// credit lines, tax the tax line; <see cref="TotalCents"/> is exactly the sum of all lines.
/// </summary>
internal sealed record RatedInvoice(BillableOwner Owner, BillingPeriod Period, IReadOnlyList<RatedLine> Lines, IReadOnlyList<CreditDraw> CreditDraws)
{
    public long ChargesCents => Lines.Where(l => l.Kind is not (LineKind.Credit or LineKind.Tax)).Sum(l => l.AmountCents);

    public long CreditsCents => -Lines.Where(l => l.Kind == LineKind.Credit).Sum(l => l.AmountCents);

    public long TaxCents => Lines.Where(l => l.Kind == LineKind.Tax).Sum(l => l.AmountCents);

    public long TotalCents => Lines.Sum(l => l.AmountCents);

    /// <summary>The negative balance this invoice hands to the owner's next invoice (0 when its lines come to zero or more).</summary>
    public long CarriedForwardCents => Lines.Where(l => l.Kind == LineKind.CarriedForward).Sum(l => l.AmountCents);

    /// <summary>Σ precise dyno units × dynos × seconds ÷ seconds in the month, to 2 decimals (team invoices' <c>dyno_units</c>).</summary>
    public decimal DynoUnits { get; init; }

    /// <summary>Σ precise dyno units × dynos × seconds ÷ 3,600, to 2 decimals (<c>weighted_dyno_hours</c>).</summary>
    public decimal WeightedDynoHours { get; init; }

    /// <summary>The adjustments (support adjustments, usage corrections) this invoice bills, to mark them applied.</summary>
    public IReadOnlyList<Guid> AdjustmentIds { get; init; } = [];

    /// <summary>The usage position the usage was read through, when a run pinned it (ADR 0038).</summary>
    public long? UsageThrough { get; init; }

    /// <summary>How many late events each usage correction it settles counted when it was rated (ADR 0038).</summary>
    public IReadOnlyDictionary<Guid, int> CorrectionsAsRated { get; init; } = new Dictionary<Guid, int>();

    public long AdjustmentCents(Guid adjustmentId) => Lines.Where(l => l.Explanation.AdjustmentId == adjustmentId).Sum(l => l.AmountCents);

    public long CategoryCents(LineCategory category) => Lines.Where(l => l.Category == category).Sum(l => l.AmountCents);
}
