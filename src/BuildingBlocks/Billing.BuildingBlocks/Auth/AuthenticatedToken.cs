namespace Billing.BuildingBlocks.Auth;

/// <summary>What a valid API token stands for: a role and, for customers, the tenant it may see.</summary>
public sealed record AuthenticatedToken(
    string TokenId,
    string Role,
    Guid? AccountId,
    IReadOnlyList<Guid> TeamIds,
    IReadOnlyList<Guid> EnterpriseAccountIds);

/// <summary>Looks a presented token up (by its hash); null when unknown or revoked.</summary>
public interface ITokenAuthenticator
{
    ValueTask<AuthenticatedToken?> AuthenticateAsync(string token, CancellationToken cancellationToken);
}
