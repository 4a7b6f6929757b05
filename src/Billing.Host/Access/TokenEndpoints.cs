using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Billing.Host.Access;

/// <summary>Admins issue, list and revoke API tokens. The secret is returned once, at issue, and never stored.</summary>
internal static class TokenEndpoints
{
    public static void MapTokenAdmin(this IEndpointRouteBuilder admin)
    {
        var tokens = admin.MapGroup("/tokens").WithTags("admin");
        tokens.MapPost(string.Empty, Issue);
        tokens.MapGet(string.Empty, List);
        tokens.MapDelete("/{id:guid}", Revoke);
    }

    private static async Task<IResult> Issue(IssueTokenBody body, AccessDbContext db, Caller caller, TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(body).ToList();
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var secret = TokenHasher.NewToken();
        var token = new ApiToken(Guid.CreateVersion7(), TokenHasher.Hash(secret), body.Role!, body.AccountId,
            body.TeamIds?.ToList() ?? [], body.EnterpriseAccountIds?.ToList() ?? [], body.Description ?? string.Empty, caller.TokenId, time.GetUtcNow());
        db.Tokens.Add(token);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/admin/tokens/{token.Id}", TokenRepresentation.From(token, secret));
    }

    private static async Task<IResult> List(AccessDbContext db, CancellationToken ct)
    {
        var tokens = await db.Tokens.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct);
        return TypedResults.Ok(tokens.Select(t => TokenRepresentation.From(t, secret: null)).ToList());
    }

    private static async Task<IResult> Revoke(Guid id, AccessDbContext db, Caller caller, TimeProvider time, DatabaseTokenAuthenticator authenticator, CancellationToken ct)
    {
        var token = await db.Tokens.SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Couldn't find that token.");
        token.Revoke(caller.TokenId, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        authenticator.Forget(token.Hash);
        return TypedResults.Ok(TokenRepresentation.From(token, secret: null));
    }

    private static IEnumerable<FieldError> Validate(IssueTokenBody body)
    {
        if (body.Role is null || !Roles.All.Contains(body.Role))
        {
            yield return new FieldError("role", "must be one of " + string.Join(", ", Roles.All));
        }

        if (body.Role == Roles.Customer && body.AccountId is null)
        {
            yield return new FieldError("account_id", "is required for a customer token: it is the account the token may see");
        }

        if (body.Role != Roles.Customer && (body.AccountId is not null || body.TeamIds?.Count > 0 || body.EnterpriseAccountIds?.Count > 0))
        {
            yield return new FieldError("account_id", "applies only to customer tokens; staff and producer tokens are not bound to a tenant");
        }

        if (body.Description?.Length > 200)
        {
            yield return new FieldError("description", "must be at most 200 characters");
        }
    }

    internal sealed record IssueTokenBody(string? Role, Guid? AccountId, IReadOnlyList<Guid>? TeamIds, IReadOnlyList<Guid>? EnterpriseAccountIds, string? Description);

    internal sealed record TokenRepresentation(
        Guid Id,
        string? Token,
        string Role,
        Guid? AccountId,
        IReadOnlyList<Guid> TeamIds,
        IReadOnlyList<Guid> EnterpriseAccountIds,
        string Description,
        DateTimeOffset CreatedAt,
        DateTimeOffset? RevokedAt)
    {
        public static TokenRepresentation From(ApiToken token, string? secret) => new(
            token.Id, secret, token.Role, token.AccountId, token.TeamIds, token.EnterpriseAccountIds, token.Description, token.CreatedAt, token.RevokedAt);
    }
}
