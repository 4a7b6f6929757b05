namespace Billing.Licensing.Domain.Enterprise;

/// <summary>An Enterprise account: the holder of contracts whose licences its teams share. Ids are legacy's.</summary>
internal sealed class EnterpriseAccount
{
    private EnterpriseAccount()
    {
        Name = string.Empty;
    }

    public EnterpriseAccount(Guid id, string name, DateTimeOffset now)
        : this()
    {
        Id = id;
        Name = name;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool Rename(string name, DateTimeOffset now)
    {
        if (Name == name)
        {
            return false;
        }

        Name = name;
        UpdatedAt = now;
        return true;
    }
}

/// <summary>A team and the enterprise account it belongs to (teams outside one are not recorded: they pay list price).</summary>
internal sealed class EnterpriseTeam
{
    private EnterpriseTeam()
    {
        Name = string.Empty;
    }

    public EnterpriseTeam(Guid teamId, string name, Guid enterpriseAccountId, DateTimeOffset now)
        : this()
    {
        TeamId = teamId;
        Name = name;
        EnterpriseAccountId = enterpriseAccountId;
        UpdatedAt = now;
    }

    public Guid TeamId { get; private set; }

    public string Name { get; private set; }

    public Guid EnterpriseAccountId { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool Apply(string name, Guid enterpriseAccountId, DateTimeOffset now)
    {
        if (Name == name && EnterpriseAccountId == enterpriseAccountId)
        {
            return false;
        }

        Name = name;
        EnterpriseAccountId = enterpriseAccountId;
        UpdatedAt = now;
        return true;
    }
}
