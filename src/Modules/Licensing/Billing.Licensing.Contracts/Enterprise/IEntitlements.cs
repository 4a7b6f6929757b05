using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Licensing.Contracts.Enterprise;

/// <summary>
/// "May this owner provision plan P / scale size S to N dynos?", answered from an in-process cache (no database
/// round trip on a hit). Registered by the Licensing module as a singleton.
/// </summary>
public interface IEntitlements
{
    /// <summary>May <paramref name="owner"/> run <paramref name="quantity"/> dynos of <paramref name="dynoSize"/> (id or name)?</summary>
    ValueTask<EntitlementDecision> MayScale(BillableOwner owner, string dynoSize, int quantity, CancellationToken cancellationToken);

    /// <summary>May <paramref name="owner"/> provision add-on plan <paramref name="plan"/> (id or <c>service:plan</c> name)?</summary>
    ValueTask<EntitlementDecision> MayProvision(BillableOwner owner, string plan, CancellationToken cancellationToken);
}

/// <summary>An answer: allowed, or denied with a machine-readable <see cref="Reason"/> (<see cref="EntitlementReasons"/>).</summary>
public sealed record EntitlementDecision(bool Allowed, string Reason, string Message);

/// <summary>Machine-readable reasons of <see cref="EntitlementDecision"/>.</summary>
public static class EntitlementReasons
{
    /// <summary>Allowed: the owner is not under an Enterprise contract and pays list price.</summary>
    public const string SelfServe = "self_serve";

    /// <summary>Allowed: a licence covers it (or the licence has no hard limit; excess is billed On-demand).</summary>
    public const string Licensed = "licensed";

    /// <summary>Denied: the owner's enterprise account has no contract licensing the product now.</summary>
    public const string NoLicense = "no_license";

    /// <summary>Denied: the enterprise account's contract has ended and no other covers now.</summary>
    public const string ContractEnded = "contract_ended";

    /// <summary>Denied: the licence is hard-limited and the request would take the month's consumption past it.</summary>
    public const string OverHardLimit = "over_hard_limit";

    /// <summary>Denied: the owner has unpaid invoices (as Payments reports).</summary>
    public const string Delinquent = "delinquent";

    /// <summary>Not a decision about the owner: the size or plan does not exist.</summary>
    public const string UnknownProduct = "unknown_product";
}
