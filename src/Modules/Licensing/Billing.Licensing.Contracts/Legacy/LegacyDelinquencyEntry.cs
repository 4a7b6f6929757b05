using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Licensing.Contracts.Legacy;

/// <summary>
/// An owner legacy currently holds delinquent, and since when: the port the legacy adapter fills for Licensing's
/// delinquency backfill, so entitlement checks deny the right owners before Payments reports changes itself.
/// </summary>
public sealed record LegacyDelinquencyEntry(BillableOwner Owner, DateTimeOffset DelinquentSince);
