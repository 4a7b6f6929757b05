using Billing.BuildingBlocks.Auth;

namespace Billing.Host.Access;

/// <summary>An issued API token. Only its SHA-256 hash is stored; the secret is shown once, at issue.</summary>
internal sealed class ApiToken
{
    private ApiToken()
    {
        Hash = string.Empty;
        Role = string.Empty;
        Description = string.Empty;
        CreatedBy = string.Empty;
        TeamIds = [];
        EnterpriseAccountIds = [];
    }

    public ApiToken(Guid id, string hash, string role, Guid? accountId, List<Guid> teamIds, List<Guid> enterpriseAccountIds, string description, string createdBy, DateTimeOffset now)
        : this()
    {
        Id = id;
        Hash = hash;
        Role = role;
        AccountId = accountId;
        TeamIds = teamIds;
        EnterpriseAccountIds = enterpriseAccountIds;
        Description = description;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    /// <summary>Who imported tokens from legacy billing; also marks such tokens in listings.</summary>
    public const string ImportedFromLegacyBy = "legacy-backfill";

    public Guid Id { get; private set; }

    public string Hash { get; private set; }

    public string Role { get; private set; }

    public Guid? AccountId { get; private set; }

    public List<Guid> TeamIds { get; private set; }

    public List<Guid> EnterpriseAccountIds { get; private set; }

    public string Description { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    /// <summary>
    /// A token another system issued, imported by its existing SHA-256 hash: the host then accepts the
    /// same secret without ever having seen it.
    /// </summary>
    public static ApiToken ImportHash(LegacyTokenGrant grant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (!TokenHasher.IsSha256Hex(grant.Sha256))
        {
            throw new ArgumentException("An imported token hash must be 64 lower-case hex characters (SHA-256).", nameof(grant));
        }

        return new ApiToken(Guid.CreateVersion7(), grant.Sha256, grant.Role, grant.AccountId, [.. grant.TeamIds], [.. grant.EnterpriseAccountIds],
            "imported from legacy billing", ImportedFromLegacyBy, now);
    }

    /// <summary>Takes the role and tenancy legacy now gives this token; returns whether anything changed.</summary>
    public bool MatchGrant(LegacyTokenGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (Role == grant.Role && AccountId == grant.AccountId
            && TeamIds.SequenceEqual(grant.TeamIds) && EnterpriseAccountIds.SequenceEqual(grant.EnterpriseAccountIds))
        {
            return false;
        }

        Role = grant.Role;
        AccountId = grant.AccountId;
        TeamIds = [.. grant.TeamIds];
        EnterpriseAccountIds = [.. grant.EnterpriseAccountIds];
        return true;
    }

    public void Revoke(string by, DateTimeOffset now)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedBy = by;
        }
    }
}
