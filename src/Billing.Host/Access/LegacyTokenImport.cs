using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Backfill;
using Microsoft.EntityFrameworkCore;

namespace Billing.Host.Access;

/// <summary>
/// Writes legacy's tokens into <c>access.tokens</c>, keyed by hash: a new hash is imported, a known one takes
/// legacy's current role and tenancy, an unchanged one is left alone (so a re-run writes nothing).
/// Tokens revoked here stay revoked: legacy listing a hash again does not undo an operator's revocation.
/// </summary>
internal sealed class LegacyTokenImport(TimeProvider time, ILogger<LegacyTokenImport> logger) : IBackfillTarget<AccessDbContext, LegacyTokenGrant>
{
    public const string BackfillName = "access.legacy-tokens";

    public async Task<int> UpsertAsync(AccessDbContext db, IReadOnlyList<LegacyTokenGrant> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var importable = items.Where(IsImportable).DistinctBy(g => g.Sha256).ToList();
        var hashes = importable.Select(g => g.Sha256).ToList();
        var known = await db.Tokens.Where(t => hashes.Contains(t.Hash)).ToDictionaryAsync(t => t.Hash, cancellationToken);
        var written = 0;
        foreach (var grant in importable)
        {
            if (known.TryGetValue(grant.Sha256, out var token))
            {
                written += token.MatchGrant(grant) ? 1 : 0;
            }
            else
            {
                db.Tokens.Add(ApiToken.ImportHash(grant, time.GetUtcNow()));
                written++;
            }
        }

        return written;
    }

    // A malformed hash or a role the host does not know would make a token that can never authenticate, or
    // one with powers nobody granted; skip it loudly rather than fail the whole backfill on one bad row.
    private bool IsImportable(LegacyTokenGrant grant)
    {
        if (!TokenHasher.IsSha256Hex(grant.Sha256))
        {
            logger.LogWarning("Skipping a legacy token whose hash is not SHA-256 hex");
            return false;
        }

        if (!Roles.All.Contains(grant.Role) || (grant.Role == Roles.Customer && grant.AccountId is null))
        {
            logger.LogWarning("Skipping legacy token {Hash}: role {Role} or its account is not usable here", grant.Sha256[..12], grant.Role);
            return false;
        }

        return true;
    }
}
