namespace Billing.BuildingBlocks.Auth;

/// <summary>
/// A token the legacy billing service accepts, known here only by the SHA-256 (lower-case hex) of its
/// secret, with the role and tenancy legacy gives it. The port item of the token backfill: the legacy
/// adapter produces it, the host's access store imports it.
/// </summary>
public sealed record LegacyTokenGrant(
    string Sha256,
    string Role,
    Guid? AccountId,
    IReadOnlyList<Guid> TeamIds,
    IReadOnlyList<Guid> EnterpriseAccountIds);
