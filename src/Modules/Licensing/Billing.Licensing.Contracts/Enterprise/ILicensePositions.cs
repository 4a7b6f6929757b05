using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Licensing.Contracts.Enterprise;

/// <summary>
/// What Invoicing reads of Licensing to bill Enterprise teams: per month, which stretches a contract covered and, per
/// licensed product, licensed vs consumed and the On-demand overage. Registered by the Licensing module; resolved
/// from the caller's scope. The consumption read is current: a month that is over is measured through its end first, a
/// running month when its figure is older than <c>Licensing:Consumption:MaxAge</c> or behind the usage announced since
/// (ADR 0054, 0055), so a call may measure before it answers.
/// </summary>
public interface ILicensePositions
{
    /// <summary>
    /// The positions of <paramref name="owner"/> in <paramref name="month"/> (a calendar month). An owner outside any
    /// enterprise account, or one whose enterprise account had no contract in the month, gets one uncovered segment
    /// spanning the month and no positions: everything it used is billed at list price.
    /// </summary>
    Task<MonthlyLicensePositions> ForMonth(BillableOwner owner, BillingPeriod month, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ForMonth"/> for many owners at once (a billing run's partition): one entry per distinct owner, each
    /// what <see cref="ForMonth"/> answers for it alone, read with a few queries for the whole set rather than a few per owner.
    /// </summary>
    Task<IReadOnlyDictionary<BillableOwner, MonthlyLicensePositions>> ForMonth(IReadOnlyCollection<BillableOwner> owners, BillingPeriod month, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="Segments"/> tile the month in order. Licences are pooled over the enterprise account's teams, so each
/// position carries the pool's figures and this owner's share of the consumption and of the overage.
/// </summary>
public sealed record MonthlyLicensePositions(
    BillableOwner Owner,
    BillingPeriod Month,
    Guid? EnterpriseAccountId,
    IReadOnlyList<ContractSegment> Segments,
    IReadOnlyList<LicensePosition> Positions);

/// <summary>
/// A stretch of the month under one contract version's terms, or (<see cref="ContractId"/> null) under none: usage in
/// an uncovered stretch (e.g. after a contract ended mid-month) is billed by Heroku at list price, not against a licence.
/// </summary>
public sealed record ContractSegment(BillingPeriod Period, Guid? ContractId, int? ContractVersion);

/// <summary>
/// One licensed product in a month. <see cref="Licensed"/> is the monthly quantity prorated by the covered seconds
/// of the month; <see cref="PoolConsumed"/> is what the account's teams used while covered. Overage =
/// max(0, PoolConsumed − Licensed). <see cref="OwnerOverageCents"/> is this owner's share of
/// <see cref="PoolOverageCents"/> in proportion to its consumption (largest remainder, so shares add up to the pool's).
/// Quantities are rounded half-to-even to 2 decimals; cents = overage × rate, rounded half-to-even to a whole cent.
/// </summary>
public sealed record LicensePosition(
    string Product,
    decimal Licensed,
    decimal PoolConsumed,
    decimal OwnerConsumed,
    decimal Overage,
    long OnDemandRateCents,
    long PoolOverageCents,
    long OwnerOverageCents);
