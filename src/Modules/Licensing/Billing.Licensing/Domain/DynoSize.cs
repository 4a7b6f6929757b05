namespace Billing.Licensing.Domain;

/// <summary>A size in the dyno catalogue with its list price (integer cents per month) and Enterprise weight.</summary>
internal sealed class DynoSize
{
    private DynoSize()
    {
        Name = string.Empty;
        Architecture = string.Empty;
        Generation = string.Empty;
    }

    public DynoSize(Guid id, DynoSizeSpec spec, DateTimeOffset now)
        : this()
    {
        ArgumentNullException.ThrowIfNull(spec);
        Id = id;
        Name = spec.Name;
        MonthlyPriceCents = spec.MonthlyPriceCents;
        PreciseDynoUnits = spec.PreciseDynoUnits;
        Memory = spec.Memory;
        Compute = spec.Compute;
        Dedicated = spec.Dedicated;
        PrivateSpaceOnly = spec.PrivateSpaceOnly;
        Architecture = spec.Architecture;
        Generation = spec.Generation;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>Null for sizes without a list price (Enterprise-only sizes are billed in dyno units).</summary>
    public long? MonthlyPriceCents { get; private set; }

    public decimal PreciseDynoUnits { get; private set; }

    public decimal Memory { get; private set; }

    public int Compute { get; private set; }

    public bool Dedicated { get; private set; }

    public bool PrivateSpaceOnly { get; private set; }

    public string Architecture { get; private set; }

    public string Generation { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}

internal sealed record DynoSizeSpec(
    string Name,
    long? MonthlyPriceCents,
    decimal PreciseDynoUnits,
    decimal Memory,
    int Compute,
    bool Dedicated,
    bool PrivateSpaceOnly,
    string Architecture,
    string Generation);
