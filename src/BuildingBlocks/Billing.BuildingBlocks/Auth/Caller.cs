using System.Security.Claims;
using Billing.BuildingBlocks.Http;
using Microsoft.AspNetCore.Http;

namespace Billing.BuildingBlocks.Auth;

/// <summary>
/// Who is calling, for tenancy checks inside handlers. Staff see everything; a customer sees only
/// its own account, teams and enterprise accounts, and anything else answers 404 (never 403, which
/// would confirm the resource exists).
/// </summary>
public sealed class Caller
{
    private readonly ClaimsPrincipal _principal;

    public Caller(ClaimsPrincipal principal)
    {
        _principal = principal;
        AccountId = Guid.TryParse(principal.FindFirst(BillingClaims.AccountId)?.Value, out var id) ? id : null;
        TokenId = principal.FindFirst(BillingClaims.TokenId)?.Value ?? "anonymous";
    }

    /// <summary>The id of the token the request used; audit records name the actor by it.</summary>
    public string TokenId { get; }

    public Guid? AccountId { get; }

    public bool IsStaff => _principal.IsInRole(Roles.Admin) || _principal.IsInRole(Roles.BillingSupport);

    public bool CanSeeAccount(Guid accountId) => IsStaff || AccountId == accountId;

    public bool CanSeeTeam(Guid teamId) => IsStaff || HasClaim(BillingClaims.TeamId, teamId);

    public bool CanSeeEnterpriseAccount(Guid enterpriseAccountId) => IsStaff || HasClaim(BillingClaims.EnterpriseAccountId, enterpriseAccountId);

    /// <summary>The caller's own account, for <c>/account/...</c> routes; staff tokens have none.</summary>
    public Guid RequireAccount() =>
        AccountId ?? throw new NotFoundException("This token is not bound to an account; /account routes need a customer token.");

    public void EnsureCanSeeAccount(Guid accountId, string resource)
    {
        if (!CanSeeAccount(accountId))
        {
            throw new NotFoundException($"Couldn't find that {resource}.");
        }
    }

    private bool HasClaim(string type, Guid value) =>
        _principal.FindAll(type).Any(c => Guid.TryParse(c.Value, out var v) && v == value);

    public static Caller From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Caller(context.User);
    }
}
