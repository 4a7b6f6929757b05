namespace Billing.Licensing.Domain;

/// <summary>An add-on service in the marketplace catalogue (its plans carry the prices).</summary>
internal sealed class AddonService : ICatalogueEntry
{
    private AddonService()
    {
        Name = string.Empty;
        HumanName = string.Empty;
        State = string.Empty;
        SupportedGenerations = string.Empty;
    }

    public AddonService(Guid id, AddonServiceSpec spec, DateTimeOffset createdAt)
        : this()
    {
        Id = id;
        CreatedAt = createdAt;
        Apply(spec, createdAt);
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string HumanName { get; private set; }

    public string? CliPluginName { get; private set; }

    public string State { get; private set; }

    public bool SupportsMultipleInstallations { get; private set; }

    public bool SupportsSharing { get; private set; }

    /// <summary>"name:id" pairs, comma separated, in the order the contract lists them.</summary>
    public string SupportedGenerations { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<(string Name, Guid Id)> Generations() =>
        SupportedGenerations.Length == 0
            ? []
            : SupportedGenerations.Split(',').Select(p => p.Split(':')).Select(p => (p[0], Guid.Parse(p[1]))).ToList();

    public bool Apply(AddonServiceSpec spec, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var generations = string.Join(',', spec.SupportedGenerations.Select(g => $"{g.Name}:{g.Id}"));
        var changed = Name != spec.Name || HumanName != spec.HumanName || CliPluginName != spec.CliPluginName || State != spec.State
            || SupportsMultipleInstallations != spec.SupportsMultipleInstallations || SupportsSharing != spec.SupportsSharing
            || SupportedGenerations != generations || UpdatedAt != updatedAt;
        Name = spec.Name;
        HumanName = spec.HumanName;
        CliPluginName = spec.CliPluginName;
        State = spec.State;
        SupportsMultipleInstallations = spec.SupportsMultipleInstallations;
        SupportsSharing = spec.SupportsSharing;
        SupportedGenerations = generations;
        UpdatedAt = updatedAt;
        return changed;
    }
}

internal sealed record AddonServiceSpec(
    string Name,
    string HumanName,
    string? CliPluginName,
    string State,
    bool SupportsMultipleInstallations,
    bool SupportsSharing,
    IReadOnlyList<(string Name, Guid Id)> SupportedGenerations);
