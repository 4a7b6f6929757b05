namespace Billing.Licensing.Domain;

/// <summary>
/// A size in the dyno catalogue and its Enterprise weight. Its list price is not a field here: prices are
/// <see cref="PriceVersion"/> rows, so a change never rewrites what was charged before it.
/// </summary>
internal sealed class DynoSize : ICatalogueEntry
{
    private DynoSize()
    {
        Name = string.Empty;
        Architecture = string.Empty;
        Generation = string.Empty;
        InfrastructureTier = string.Empty;
        ProductDynoTier = string.Empty;
    }

    public DynoSize(Guid id, DynoSizeSpec spec, DateTimeOffset now)
        : this()
    {
        ArgumentNullException.ThrowIfNull(spec);
        Id = id;
        CreatedAt = now;
        Apply(spec, now);
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public decimal PreciseDynoUnits { get; private set; }

    public decimal Memory { get; private set; }

    public int Compute { get; private set; }

    public bool Dedicated { get; private set; }

    public bool PrivateSpaceOnly { get; private set; }

    public bool CanAutoscale { get; private set; }

    public string Architecture { get; private set; }

    public string Generation { get; private set; }

    /// <summary>The platform's id of the generation (legacy's ids are kept on import).</summary>
    public Guid GenerationId { get; private set; }

    public string InfrastructureTier { get; private set; }

    public string ProductDynoTier { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Takes the catalogue fields of <paramref name="spec"/> (not its price); true when anything changed.</summary>
    public bool Apply(DynoSizeSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var generationId = spec.GenerationId ?? Generations.IdOf(spec.Generation);
        var infrastructureTier = spec.InfrastructureTier ?? "production";
        var productDynoTier = spec.ProductDynoTier ?? spec.Name.Split('-')[0];
        var changed = Name != spec.Name || PreciseDynoUnits != spec.PreciseDynoUnits || Memory != spec.Memory || Compute != spec.Compute
            || Dedicated != spec.Dedicated || PrivateSpaceOnly != spec.PrivateSpaceOnly || CanAutoscale != spec.CanAutoscale
            || Architecture != spec.Architecture || Generation != spec.Generation || GenerationId != generationId
            || InfrastructureTier != infrastructureTier || ProductDynoTier != productDynoTier;
        if (!changed)
        {
            return false;
        }

        Name = spec.Name;
        PreciseDynoUnits = spec.PreciseDynoUnits;
        Memory = spec.Memory;
        Compute = spec.Compute;
        Dedicated = spec.Dedicated;
        PrivateSpaceOnly = spec.PrivateSpaceOnly;
        CanAutoscale = spec.CanAutoscale;
        Architecture = spec.Architecture;
        Generation = spec.Generation;
        GenerationId = generationId;
        InfrastructureTier = infrastructureTier;
        ProductDynoTier = productDynoTier;
        UpdatedAt = now;
        return true;
    }
}

/// <summary>What an operator (or the legacy import) says a size is; the price becomes its first version.</summary>
internal sealed record DynoSizeSpec(
    string Name,
    long? MonthlyPriceCents,
    decimal PreciseDynoUnits,
    decimal Memory,
    int Compute,
    bool Dedicated,
    bool PrivateSpaceOnly,
    string Architecture,
    string Generation,
    bool CanAutoscale = false,
    string? InfrastructureTier = null,
    string? ProductDynoTier = null,
    Guid? GenerationId = null);
