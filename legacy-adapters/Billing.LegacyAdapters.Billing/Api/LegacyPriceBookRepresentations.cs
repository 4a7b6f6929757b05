namespace Billing.LegacyAdapters.Billing.Api;

// The price book as legacy serves it in version=3.sdk (the variant with every field the module keeps).

internal sealed record LegacyGenerationRef(Guid Id, string Name);

internal sealed record LegacySdkDynoSize(
    Guid Id,
    string Name,
    string Architecture,
    int Compute,
    bool CanAutoscale,
    LegacyMoney? Cost,
    bool Dedicated,
    decimal PreciseDynoUnits,
    decimal Memory,
    bool PrivateSpaceOnly,
    LegacyGenerationRef Generation,
    string InfrastructureTier,
    string ProductDynoTier);

internal sealed record LegacyAddonService(
    Guid Id,
    string Name,
    string HumanName,
    string? CliPluginName,
    string State,
    bool SupportsMultipleInstallations,
    bool SupportsSharing,
    List<LegacyGenerationRef>? SupportedGenerations,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record LegacyPlanServiceRef(Guid Id, string Name);

internal sealed record LegacyPlanPrice(long Cents, string Unit, bool Contract, bool Metered);

internal sealed record LegacyPlan(
    Guid Id,
    LegacyPlanServiceRef AddonService,
    string Name,
    string HumanName,
    string Description,
    List<string>? Compliance,
    bool Default,
    bool InstallableInsidePrivateNetwork,
    bool InstallableOutsidePrivateNetwork,
    bool SpaceDefault,
    string State,
    bool Visible,
    LegacyPlanPrice Price,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
