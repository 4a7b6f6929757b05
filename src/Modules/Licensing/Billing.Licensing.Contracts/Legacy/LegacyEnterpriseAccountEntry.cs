namespace Billing.Licensing.Contracts.Legacy;

/// <summary>
/// An enterprise account and its teams as legacy lists them, the port the legacy adapter fills for Licensing's
/// enterprise directory backfill (<c>IBackfillSource&lt;LegacyEnterpriseAccountEntry&gt;</c>). Ids are legacy's.
/// </summary>
public sealed record LegacyEnterpriseAccountEntry(Guid Id, string Name, IReadOnlyList<LegacyEnterpriseTeamEntry> Teams);

public sealed record LegacyEnterpriseTeamEntry(Guid Id, string Name);
