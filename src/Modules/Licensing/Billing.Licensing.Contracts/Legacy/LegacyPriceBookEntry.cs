namespace Billing.Licensing.Contracts.Legacy;

/// <summary>
/// One item of the legacy price book, the port the legacy adapter fills for Licensing's backfill
/// (<c>IBackfillSource&lt;LegacyPriceBookEntry&gt;</c>). Exactly one of the three is set. Ids are legacy's
/// and are kept, so clients see the same ids after the cut-over.
/// </summary>
public sealed record LegacyPriceBookEntry(LegacyDynoSizeEntry? DynoSize, LegacyAddonServiceEntry? AddonService, LegacyPlanEntry? Plan);

public sealed record LegacyDynoSizeEntry(
    Guid Id,
    string Name,
    long? MonthlyPriceCents,
    decimal PreciseDynoUnits,
    decimal Memory,
    int Compute,
    bool Dedicated,
    bool PrivateSpaceOnly,
    bool CanAutoscale,
    string Architecture,
    string Generation,
    Guid GenerationId,
    string InfrastructureTier,
    string ProductDynoTier);

public sealed record LegacyAddonServiceEntry(
    Guid Id,
    string Name,
    string HumanName,
    string? CliPluginName,
    string State,
    bool SupportsMultipleInstallations,
    bool SupportsSharing,
    IReadOnlyList<LegacyGeneration> SupportedGenerations,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record LegacyGeneration(string Name, Guid Id);

public sealed record LegacyPlanEntry(
    Guid Id,
    Guid AddonServiceId,
    string Name,
    string HumanName,
    string Description,
    IReadOnlyList<string>? Compliance,
    bool Default,
    bool InstallableInsidePrivateNetwork,
    bool InstallableOutsidePrivateNetwork,
    bool SpaceDefault,
    string State,
    bool Visible,
    long Cents,
    string Unit,
    bool Contract,
    bool Metered,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
