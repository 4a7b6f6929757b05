namespace Billing.Licensing.Domain;

/// <summary>What a price version prices.</summary>
internal enum PricedItemKind
{
    DynoSize,
    Plan,

    /// <summary>The Eco dyno plan: a flat monthly fee for a shared pool of hours (<see cref="EcoPlan"/>).</summary>
    EcoPlan,
}

/// <summary>
/// One price of one dyno size or plan, in force from <see cref="EffectiveFrom"/> until the next version's
/// <c>EffectiveFrom</c> (half-open). Versions are only ever added, never changed, so any past instant keeps
/// the price it had; each carries who recorded it, when and why.
/// </summary>
internal sealed class PriceVersion
{
    private PriceVersion()
    {
        Unit = string.Empty;
        RecordedBy = string.Empty;
        Reason = string.Empty;
    }

    public PriceVersion(Guid id, PricedItemKind kind, Guid itemId, PriceTerms terms, DateTimeOffset effectiveFrom, PriceAudit audit)
        : this()
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(audit);
        Id = id;
        Kind = kind;
        ItemId = itemId;
        Cents = terms.Cents;
        Unit = terms.Unit;
        Contract = terms.Contract;
        Metered = terms.Metered;
        IncludedUnits = terms.IncludedUnits;
        EffectiveFrom = effectiveFrom;
        RecordedBy = audit.RecordedBy;
        Reason = audit.Reason;
        RecordedAt = audit.RecordedAt;
    }

    public Guid Id { get; private set; }

    public PricedItemKind Kind { get; private set; }

    public Guid ItemId { get; private set; }

    /// <summary>Integer cents per <see cref="Unit"/>; null for a size without a list price (billed in dyno units).</summary>
    public long? Cents { get; private set; }

    public string Unit { get; private set; }

    public bool Contract { get; private set; }

    public bool Metered { get; private set; }

    /// <summary>Units the price includes: the Eco pool's hours per month; for a metered plan, units before the per-unit price applies.</summary>
    public decimal? IncludedUnits { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }

    public string RecordedBy { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public PriceTerms Terms => new(Cents, Unit, Contract, Metered, IncludedUnits);
}

/// <summary>The money part of a price: cents per unit, and the plan flags the contract shows.</summary>
internal sealed record PriceTerms(long? Cents, string Unit, bool Contract = false, bool Metered = false, decimal? IncludedUnits = null);

/// <summary>Who recorded a price, when, and why.</summary>
internal sealed record PriceAudit(string RecordedBy, string Reason, DateTimeOffset RecordedAt);
