using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;

namespace Billing.Licensing.EnterpriseContracts;

internal static class ContractEvents
{
    public static ContractChanged Changed(Contract contract, ContractVersion version, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, contract.Id, contract.EnterpriseAccountId, version.Number, version.Change, version.EffectiveFrom,
            version.StartsAt, version.EndsAt,
            version.Licences.Select(l => new LicenceTerm(l.Product, l.MonthlyQuantity, l.OnDemandRateCents, l.HardLimit)).ToList());
}
