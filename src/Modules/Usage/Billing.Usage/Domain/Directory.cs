namespace Billing.Usage.Domain;

/// <summary>
/// Usage's copy of the platform directory, as far as reports need it: names, who owns an app, which teams an
/// enterprise account has, and which apps run on Eco. Imported from legacy metering (the backfill).
/// </summary>
internal sealed class DirectoryAccount(Guid id, string email)
{
    public Guid Id { get; private set; } = id;

    /// <summary>Lower-cased: the quota route looks accounts up by e-mail, case-insensitively.</summary>
    public string Email { get; set; } = email;
}

internal sealed class DirectoryTeam(Guid id, string name, Guid? enterpriseAccountId)
{
    public Guid Id { get; private set; } = id;

    public string Name { get; set; } = name;

    public Guid? EnterpriseAccountId { get; set; } = enterpriseAccountId;
}

internal sealed class DirectoryEnterpriseAccount(Guid id, string name)
{
    public Guid Id { get; private set; } = id;

    public string Name { get; set; } = name;
}

internal sealed class DirectoryApp(Guid id, string name, Guid ownerAccountId, Guid? teamId, string processTier)
{
    public const string EcoTier = "eco";

    public Guid Id { get; private set; } = id;

    public string Name { get; set; } = name;

    public Guid OwnerAccountId { get; set; } = ownerAccountId;

    public Guid? TeamId { get; set; } = teamId;

    public string ProcessTier { get; set; } = processTier;
}

/// <summary>Whether an add-on's credits count as <c>data</c> (Heroku Data services) or <c>partner</c> (marketplace).</summary>
internal sealed class AddonKind(Guid addonId, string kind)
{
    public const string Data = "data";
    public const string Partner = "partner";

    public Guid AddonId { get; private set; } = addonId;

    public string Kind { get; set; } = kind;

    /// <summary>For an add-on legacy never told us about: Heroku's own services (<c>heroku-postgresql:...</c>) are data.</summary>
    public static string FromPlanName(string? planName) =>
        planName is not null && planName.StartsWith("heroku-", StringComparison.Ordinal) ? Data : Partner;
}
