using System.Security.Cryptography;
using System.Text;
using Billing.BuildingBlocks.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Billing.Host.Access;

/// <summary>Resolves a presented token by its hash: the bootstrap admin token, then issued tokens (cached briefly).</summary>
internal sealed class DatabaseTokenAuthenticator(
    IServiceScopeFactory scopes,
    IMemoryCache cache,
    IOptions<AccessOptions> options) : ITokenAuthenticator
{
    public const string BootstrapTokenId = "bootstrap-admin";

    public async ValueTask<AuthenticatedToken?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHasher.Hash(token);
        if (IsBootstrap(hash))
        {
            return new AuthenticatedToken(BootstrapTokenId, Roles.Admin, null, [], []);
        }

        if (cache.TryGetValue(CacheKey(hash), out AuthenticatedToken? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        var stored = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var found = new AuthenticatedToken(stored.Id.ToString(), stored.Role, stored.AccountId, stored.TeamIds, stored.EnterpriseAccountIds);
        cache.Set(CacheKey(hash), found, options.Value.CacheDuration);
        return found;
    }

    public void Forget(string hash) => cache.Remove(CacheKey(hash));

    private bool IsBootstrap(string hash)
    {
        var configured = options.Value.BootstrapAdminToken;
        if (string.IsNullOrEmpty(configured))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(TokenHasher.Hash(configured));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(hash));
    }

    private static string CacheKey(string hash) => "token:" + hash;
}
