using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Domain.Rating;

/// <summary><paramref name="Quantity"/> dynos of <paramref name="Size"/> ran for a process type over <c>[From, To)</c>.</summary>
internal sealed record DynoUsage(Guid AppId, string ProcessType, string Size, int Quantity, DateTimeOffset From, DateTimeOffset To, string SourceEventId);

/// <summary>An add-on was provisioned on a plan over <c>[From, To)</c> (a stretch with <paramref name="Provisioned"/> false costs nothing).</summary>
internal sealed record AddonUsage(Guid AppId, Guid AddonId, Guid PlanId, bool Provisioned, DateTimeOffset From, DateTimeOffset To, string SourceEventId);

/// <summary>Units an add-on reported in the period (metered plans charge the units beyond the plan's included ones).</summary>
internal sealed record MeteredUsage(Guid AppId, Guid AddonId, decimal Units, long EventCount);

/// <summary>A charge or refund decided outside rating (a late usage correction, a support adjustment), billed as its own line.</summary>
internal sealed record Adjustment(Guid Id, Guid? AppId, string Description, long AmountCents, string Reason);

/// <summary>What rating one owner's period needs; everything is already read, so rating is a pure function of it.</summary>
internal sealed record RatingRequest(
    BillableOwner Owner,
    BillingPeriod Period,
    IReadOnlyList<DynoUsage> Dynos,
    IReadOnlyList<AddonUsage> Addons,
    IReadOnlyDictionary<Guid, string> AppNames)
{
    public IReadOnlyList<MeteredUsage> Metered { get; init; } = [];

    public IReadOnlyList<Adjustment> Adjustments { get; init; } = [];

    public IReadOnlyList<AvailableCredit> Credits { get; init; } = [];

    public TaxRate? Tax { get; init; }

    /// <summary>Enterprise contracts' coverage of the period (none for self-serve owners).</summary>
    public LicenceCoverage Licence { get; init; } = LicenceCoverage.None;

    /// <summary>
    /// When the invoice is issued: credits must be valid then. The end of the period (00:00 UTC on the 1st), except for
    /// a re-issue, issued when staff ask for it (so it draws the credit its void gave back, ADR 0036).
    /// </summary>
    public DateTimeOffset IssuedAt { get; init; } = Period.End;
}
