namespace Billing.LegacyAdapters.Billing.Api;

// Enterprise accounts, their teams and delinquencies as legacy serves them (only the fields the backfills keep).

internal sealed record LegacyEnterpriseAccount(Guid Id, string Name);

internal sealed record LegacyTeam(Guid Id, string Name);

/// <summary><c>owner</c> is <c>account:&lt;uuid&gt;</c> or <c>team:&lt;uuid&gt;</c>.</summary>
internal sealed record LegacyDelinquency(string Owner, DateTimeOffset DelinquentAt);
