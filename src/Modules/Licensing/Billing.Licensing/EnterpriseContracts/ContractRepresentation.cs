using Billing.Licensing.Domain.Enterprise;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>A contract as the admin endpoints show it: its current terms and every version with its audit trail.</summary>
internal sealed record ContractRepresentation(
    Guid Id,
    string Reference,
    Guid EnterpriseAccountId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Version,
    IReadOnlyList<LicenceRepresentation> Licences,
    IReadOnlyList<ContractVersionRepresentation> Versions,
    DateTimeOffset CreatedAt)
{
    public static ContractRepresentation From(Contract contract)
    {
        var current = contract.Current;
        return new(contract.Id, contract.Reference, contract.EnterpriseAccountId, current.StartsAt, current.EndsAt, current.Number,
            LicenceRepresentation.From(current.Licences),
            contract.Versions.OrderBy(v => v.Number).Select(ContractVersionRepresentation.From).ToList(),
            contract.CreatedAt);
    }
}

internal sealed record ContractVersionRepresentation(
    int Version,
    string Change,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<LicenceRepresentation> Licences,
    string RecordedBy,
    string Reason,
    DateTimeOffset RecordedAt)
{
    public static ContractVersionRepresentation From(ContractVersion v) =>
        new(v.Number, v.Change, v.EffectiveFrom, v.StartsAt, v.EndsAt, LicenceRepresentation.From(v.Licences), v.RecordedBy, v.Reason, v.RecordedAt);
}

internal sealed record LicenceRepresentation(string Product, decimal MonthlyQuantity, OnDemandRate OnDemandRate, bool HardLimit)
{
    public static IReadOnlyList<LicenceRepresentation> From(IEnumerable<ContractLicence> licences) =>
        licences.Select(l => new LicenceRepresentation(l.Product, l.MonthlyQuantity, new OnDemandRate(l.OnDemandRateCents, "unit"), l.HardLimit)).ToList();
}

internal sealed record OnDemandRate(long? Cents, string? Unit);

/// <summary>A licence as a client sends it.</summary>
internal sealed record LicenceBody(string? Product, decimal? MonthlyQuantity, OnDemandRate? OnDemandRate, bool? HardLimit)
{
    public static IReadOnlyList<LicenceInput>? ToInputs(IReadOnlyList<LicenceBody?>? bodies) =>
        bodies?.Select(b => new LicenceInput(b?.Product, b?.MonthlyQuantity, b?.OnDemandRate?.Cents, b?.HardLimit)).ToList();
}
