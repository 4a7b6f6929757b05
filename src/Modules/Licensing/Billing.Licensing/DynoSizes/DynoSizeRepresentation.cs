using Billing.Licensing.Domain;

namespace Billing.Licensing.DynoSizes;

/// <summary>The <c>dyno-size</c> resource exactly as the Platform API schema draws it (no integer <c>dyno_units</c>).</summary>
internal sealed record DynoSizeRepresentation(
    string Architecture,
    int Compute,
    DynoSizeCost? Cost,
    bool Dedicated,
    decimal PreciseDynoUnits,
    DynoGeneration Generation,
    Guid Id,
    decimal Memory,
    string Name,
    bool PrivateSpaceOnly)
{
    // Generations have stable ids of their own in the Platform API; ours are fixed per name.
    private static readonly Guid CedarId = Guid.Parse("5a0e7f2c-3b8c-4b36-9d0f-9d0b0f4e7c01");
    private static readonly Guid FirId = Guid.Parse("5a0e7f2c-3b8c-4b36-9d0f-9d0b0f4e7c02");

    public static DynoSizeRepresentation From(DynoSize size) => new(
        size.Architecture,
        size.Compute,
        size.MonthlyPriceCents is { } cents ? new DynoSizeCost(cents, "month") : null,
        size.Dedicated,
        size.PreciseDynoUnits,
        new DynoGeneration(size.Generation == "fir" ? FirId : CedarId, size.Generation),
        size.Id,
        size.Memory,
        size.Name,
        size.PrivateSpaceOnly);
}

internal sealed record DynoSizeCost(long Cents, string Unit);

internal sealed record DynoGeneration(Guid Id, string Name);
