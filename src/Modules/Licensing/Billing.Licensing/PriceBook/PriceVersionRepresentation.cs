using Billing.Licensing.Domain;

namespace Billing.Licensing.PriceBook;

/// <summary>One price version as the admin endpoints show it, with its audit trail.</summary>
internal sealed record PriceVersionRepresentation(
    Guid Id,
    string Item,
    long? Cents,
    string Unit,
    bool Contract,
    bool Metered,
    decimal? IncludedUnits,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset? EffectiveUntil,
    string RecordedBy,
    string Reason,
    DateTimeOffset RecordedAt)
{
    public static PriceVersionRepresentation From(PriceVersion version, string item, DateTimeOffset? effectiveUntil = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(version.Id, item, version.Cents, version.Unit, version.Contract, version.Metered, version.IncludedUnits, version.EffectiveFrom, effectiveUntil,
            version.RecordedBy, version.Reason, version.RecordedAt);
    }
}
