using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Licensing.Domain.Enterprise;

/// <summary>A stretch of a month under one contract version (both null: under none).</summary>
internal sealed record CoveredStretch(BillingPeriod Period, Contract? Contract, ContractVersion? Version)
{
    public bool Covered => Version is not null;
}

/// <summary>Splits a month into stretches of constant contract terms: where a contract starts, ends, or is amended.</summary>
internal static class ContractMonth
{
    public static IReadOnlyList<CoveredStretch> Stretches(IReadOnlyCollection<Contract> contracts, BillingPeriod month)
    {
        var cuts = new SortedSet<DateTimeOffset> { month.Start, month.End };
        foreach (var version in contracts.SelectMany(c => c.Versions))
        {
            foreach (var instant in new[] { version.EffectiveFrom, version.StartsAt, version.EndsAt })
            {
                if (month.Contains(instant))
                {
                    cuts.Add(instant);
                }
            }
        }

        var stretches = new List<CoveredStretch>();
        var bounds = cuts.ToList();
        for (var i = 0; i + 1 < bounds.Count; i++)
        {
            var from = bounds[i];
            // Contracts of one account never overlap, so at most one covers an instant.
            var covering = contracts.Select(c => (Contract: c, Version: c.CoveringAt(from))).FirstOrDefault(x => x.Version is not null);
            var stretch = new CoveredStretch(new BillingPeriod(from, bounds[i + 1]), covering.Contract, covering.Version);
            if (stretches.Count > 0 && SameTerms(stretches[^1], stretch))
            {
                // Equal terms either side of a cut (e.g. an early end recorded before it takes effect) are one stretch; the later version names it.
                stretch = stretch with { Period = new BillingPeriod(stretches[^1].Period.Start, stretch.Period.End) };
                stretches[^1] = stretch;
            }
            else
            {
                stretches.Add(stretch);
            }
        }

        return stretches;
    }

    private static bool SameTerms(CoveredStretch a, CoveredStretch b) =>
        a.Contract?.Id == b.Contract?.Id
        && (a.Version is null) == (b.Version is null)
        && (a.Version is null || a.Version.Licences.SequenceEqual(b.Version!.Licences));
}
