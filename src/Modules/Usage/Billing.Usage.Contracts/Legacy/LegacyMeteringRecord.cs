namespace Billing.Usage.Contracts.Legacy;

/// <summary>
/// One item the legacy metering service exports for Usage's backfill (its <c>/internal/directory</c> and
/// <c>/internal/usage-history</c>): exactly one of the properties is set. The port is declared here so that the
/// legacy adapter can implement <c>IBackfillSource&lt;LegacyMeteringRecord&gt;</c> without seeing the module.
/// </summary>
public sealed record LegacyMeteringRecord(
    LegacyAccount? Account = null,
    LegacyTeam? Team = null,
    LegacyEnterpriseAccount? EnterpriseAccount = null,
    LegacyApp? App = null,
    LegacyFormationInterval? Formation = null,
    LegacyAddonInterval? Addon = null,
    LegacySpaceInterval? Space = null,
    LegacyConnectRows? Connect = null);

public sealed record LegacyAccount(Guid Id, string Email);

public sealed record LegacyTeam(Guid Id, string Name, Guid? EnterpriseAccountId);

public sealed record LegacyEnterpriseAccount(Guid Id, string Name);

/// <summary>An app; its billable owner is the team when it has one, else the owning account.</summary>
public sealed record LegacyApp(Guid Id, string Name, Guid OwnerAccountId, Guid? TeamId, string ProcessTier);

/// <summary><see cref="Quantity"/> dynos of <see cref="Size"/> ran for the process type in <c>[StartedAt, EndedAt)</c>; an open end runs on.</summary>
public sealed record LegacyFormationInterval(Guid AppId, string ProcessType, string Size, int Quantity, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>An add-on was provisioned on a plan in <c>[StartedAt, EndedAt)</c>; <see cref="Kind"/> is <c>data</c> or <c>partner</c>.</summary>
public sealed record LegacyAddonInterval(Guid AddonId, Guid AppId, Guid PlanId, string Kind, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record LegacySpaceInterval(Guid TeamId, string SpaceName, decimal CreditsPerMonth, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>Heroku Connect rows a team synced in a month (<c>YYYY-MM</c>).</summary>
public sealed record LegacyConnectRows(Guid TeamId, string Month, long Rows);
