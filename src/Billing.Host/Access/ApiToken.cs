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

    public void Revoke(string by, DateTimeOffset now)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedBy = by;
        }
    }
}
