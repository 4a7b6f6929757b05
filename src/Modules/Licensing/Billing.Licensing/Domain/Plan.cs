namespace Billing.Licensing.Domain;

/// <summary>A plan of an add-on service. Its price lives in <see cref="PriceVersion"/> rows, like a dyno size's.</summary>
internal sealed class Plan : ICatalogueEntry
{
    private Plan()
    {
        Name = string.Empty;
        HumanName = string.Empty;
        Description = string.Empty;
        State = string.Empty;
    }

    public Plan(Guid id, Guid addonServiceId, PlanSpec spec, DateTimeOffset createdAt)
        : this()
    {
        Id = id;
        AddonServiceId = addonServiceId;
        CreatedAt = createdAt;
        Apply(spec, createdAt);
    }

    public Guid Id { get; private set; }

    public Guid AddonServiceId { get; private set; }

    /// <summary>Full name, <c>service:plan</c> (e.g. <c>heroku-postgresql:essential-0</c>).</summary>
    public string Name { get; private set; }

    public string HumanName { get; private set; }

    public string Description { get; private set; }

    /// <summary>Compliance labels, comma separated; null when the contract shows null (distinct from none).</summary>
    public string? Compliance { get; private set; }

    public bool IsDefault { get; private set; }

    public bool InstallableInsidePrivateNetwork { get; private set; }

    public bool InstallableOutsidePrivateNetwork { get; private set; }

    public bool SpaceDefault { get; private set; }

    public string State { get; private set; }

    public bool Visible { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<string>? ComplianceList() => Compliance is null ? null : Compliance.Length == 0 ? [] : Compliance.Split(',');

    public bool Apply(PlanSpec spec, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var compliance = spec.Compliance is null ? null : string.Join(',', spec.Compliance);
        var changed = Name != spec.Name || HumanName != spec.HumanName || Description != spec.Description || Compliance != compliance
            || IsDefault != spec.IsDefault || InstallableInsidePrivateNetwork != spec.InstallableInsidePrivateNetwork
            || InstallableOutsidePrivateNetwork != spec.InstallableOutsidePrivateNetwork || SpaceDefault != spec.SpaceDefault
            || State != spec.State || Visible != spec.Visible || UpdatedAt != updatedAt;
        Name = spec.Name;
        HumanName = spec.HumanName;
        Description = spec.Description;
        Compliance = compliance;
        IsDefault = spec.IsDefault;
        InstallableInsidePrivateNetwork = spec.InstallableInsidePrivateNetwork;
        InstallableOutsidePrivateNetwork = spec.InstallableOutsidePrivateNetwork;
        SpaceDefault = spec.SpaceDefault;
        State = spec.State;
        Visible = spec.Visible;
        UpdatedAt = updatedAt;
        return changed;
    }
}

internal sealed record PlanSpec(
    string Name,
    string HumanName,
    string Description,
    IReadOnlyList<string>? Compliance,
    bool IsDefault,
    bool InstallableInsidePrivateNetwork,
    bool InstallableOutsidePrivateNetwork,
    bool SpaceDefault,
    string State,
    bool Visible);
