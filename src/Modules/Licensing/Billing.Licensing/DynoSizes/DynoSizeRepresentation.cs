using System.Text.Json.Serialization;
using Billing.Licensing.Domain;
using Billing.Licensing.PriceBook;

namespace Billing.Licensing.DynoSizes;

/// <summary>A size with the price in force at the instant asked about.</summary>
internal sealed record PricedDynoSize(DynoSize Size, PriceVersion? Price)
{
    public DynoSizeCost? Cost => Price?.Cents is { } cents ? new DynoSizeCost(cents, Price.Unit) : null;

    /// <summary>The contract's shape for the negotiated variant (field order matters: clients and legacy parity compare bytes).</summary>
    public object ToRepresentation(bool sdk) => sdk ? DynoSizeSdkRepresentation.From(this) : DynoSizeRepresentation.From(this);
}

/// <summary>The <c>dyno-size</c> resource for <c>version=3</c>, in the schema's field order (no integer <c>dyno_units</c>).</summary>
internal sealed record DynoSizeRepresentation(
    string Architecture,
    int Compute,
    DynoSizeCost? Cost,
    bool Dedicated,
    [property: JsonConverter(typeof(FloatNumberConverter))] decimal PreciseDynoUnits,
    DynoGeneration Generation,
    Guid Id,
    [property: JsonConverter(typeof(FloatNumberConverter))] decimal Memory,
    string Name,
    bool PrivateSpaceOnly)
{
    public static DynoSizeRepresentation From(PricedDynoSize priced)
    {
        ArgumentNullException.ThrowIfNull(priced);
        var size = priced.Size;
        return new(size.Architecture, size.Compute, priced.Cost, size.Dedicated, size.PreciseDynoUnits,
            new DynoGeneration(size.GenerationId, size.Generation), size.Id, size.Memory, size.Name, size.PrivateSpaceOnly);
    }
}

/// <summary>The <c>dyno-size</c> resource for <c>version=3.sdk</c>: autoscaling and tiers, generation moved to the end.</summary>
internal sealed record DynoSizeSdkRepresentation(
    string Architecture,
    int Compute,
    bool CanAutoscale,
    DynoSizeCost? Cost,
    bool Dedicated,
    [property: JsonConverter(typeof(FloatNumberConverter))] decimal PreciseDynoUnits,
    Guid Id,
    [property: JsonConverter(typeof(FloatNumberConverter))] decimal Memory,
    string Name,
    bool PrivateSpaceOnly,
    DynoGeneration Generation,
    string InfrastructureTier,
    string ProductDynoTier)
{
    public static DynoSizeSdkRepresentation From(PricedDynoSize priced)
    {
        ArgumentNullException.ThrowIfNull(priced);
        var size = priced.Size;
        return new(size.Architecture, size.Compute, size.CanAutoscale, priced.Cost, size.Dedicated, size.PreciseDynoUnits, size.Id,
            size.Memory, size.Name, size.PrivateSpaceOnly, new DynoGeneration(size.GenerationId, size.Generation),
            size.InfrastructureTier, size.ProductDynoTier);
    }
}

internal sealed record DynoSizeCost(long Cents, string Unit);

internal sealed record DynoGeneration(Guid Id, string Name);
