using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Domain.Enterprise;

namespace Billing.Licensing.EnterpriseContracts;

internal static class ContractGuards
{
    /// <summary>Two contracts of one account covering the same instant would make "which licence applies" ambiguous: 422.</summary>
    public static void EnsureNoOverlap(IEnumerable<Contract> others, ContractTerms terms)
    {
        if (ContractRules.Overlapping(others, terms.StartsAt, terms.EndsAt) is { } clash)
        {
            throw new ValidationFailedException([
                new FieldError("starts_at", $"overlaps contract {clash.Reference} ({clash.Current.StartsAt:yyyy-MM-dd'T'HH:mm:ss'Z'} .. {clash.Current.EndsAt:yyyy-MM-dd'T'HH:mm:ss'Z'})"),
                new FieldError("ends_at", $"overlaps contract {clash.Reference}"),
            ]);
        }
    }
}
