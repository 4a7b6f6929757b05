using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Billing.BuildingBlocks.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.BuildingBlocks.Auth;

/// <summary>
/// Accepts what Heroku clients send (contract §3.8): <c>Authorization: Bearer &lt;token&gt;</c>, or
/// Basic with the token as the password (any user name, usually empty). Challenges answer 401
/// <c>unauthorized</c> and forbidden answers 403 <c>forbidden</c>, both as Heroku error bodies.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ITokenAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "HerokuToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return AuthenticateResult.NoResult();
        }

        var token = ReadToken(header);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.Fail("Malformed Authorization header.");
        }

        var found = await authenticator.AuthenticateAsync(token, Context.RequestAborted);
        if (found is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked token.");
        }

        var claims = new List<Claim>
        {
            new(BillingClaims.TokenId, found.TokenId),
            new(ClaimTypes.Role, found.Role),
        };
        if (found.AccountId is { } account)
        {
            claims.Add(new Claim(BillingClaims.AccountId, account.ToString()));
        }

        claims.AddRange(found.TeamIds.Select(t => new Claim(BillingClaims.TeamId, t.ToString())));
        claims.AddRange(found.EnterpriseAccountIds.Select(e => new Claim(BillingClaims.EnterpriseAccountId, e.ToString())));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.NameIdentifier, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"Billing.Modular\", Basic realm=\"Billing.Modular\"";
        return HerokuError.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorIds.Unauthorized,
            "Invalid credentials provided. Send Authorization: Bearer <token>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        HerokuError.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorIds.Forbidden,
            "You do not have access to this resource.");

    private static string? ReadToken(string header)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var scheme = header[..space];
        var value = header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
