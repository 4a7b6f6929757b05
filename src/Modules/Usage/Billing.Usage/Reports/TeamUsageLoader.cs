using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Billing.Usage.Reading;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Reports;

/// <summary>
/// Reads teams' usage once for a report's whole range and cuts it into the report's periods: an enterprise account's
/// teams together, with one query per kind of reading for all of them (they were read team by team, four queries each).
/// </summary>
internal sealed class TeamUsageLoader(UsageDbContext db, UsageReader reader)
{
    public async Task<IReadOnlyList<OwnerPeriodUsage>> LoadAsync(Guid teamId, IReadOnlyList<ReportPeriod> periods, UsageRates rates, CancellationToken cancellationToken) =>
        (await LoadAsync([teamId], periods, rates, cancellationToken))[teamId];

    /// <summary>Per team, its usage in each of <paramref name="periods"/>, in their order.</summary>
    public async Task<Dictionary<Guid, IReadOnlyList<OwnerPeriodUsage>>> LoadAsync(
        IReadOnlyCollection<Guid> teamIds, IReadOnlyList<ReportPeriod> periods, UsageRates rates, CancellationToken cancellationToken)
    {
        var owners = teamIds.Distinct().Select(BillableOwner.Team).ToList();
        var range = new BillingPeriod(periods[0].Period.Start, periods[^1].Period.End);
        var held = await reader.HeldAsync(owners, range, cancellationToken);
        var appIds = owners.SelectMany(o => held[o]).Select(h => h.Source.AppId).Distinct().ToList();
        var names = appIds.Count == 0
            ? []
            : await db.DirectoryApps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var connect = await ConnectRowsAsync(owners, range, cancellationToken);
        var usage = new Dictionary<Guid, IReadOnlyList<OwnerPeriodUsage>>();
        foreach (var owner in owners)
        {
            var ofTeam = held[owner].ToList();
            var connectOfTeam = connect.GetValueOrDefault(owner.Id) ?? [];
            usage[owner.Id] = [.. periods.Select(p => OwnerUsageCalculator.For(p, ofTeam, names, rates, connectOfTeam))];
        }

        return usage;
    }

    /// <summary>Each team's Connect rows per month: the highest reading in it (a sync reports its running total).</summary>
    private async Task<Dictionary<Guid, Dictionary<string, long>>> ConnectRowsAsync(List<BillableOwner> owners, BillingPeriod range, CancellationToken cancellationToken)
    {
        var ids = owners.Select(o => o.Id).ToList();
        var readings = await db.UsageEvents.AsNoTracking()
            .Where(e => e.OwnerKind == BillableOwnerKind.Team && ids.Contains(e.OwnerId) && e.Metric == UsageMetrics.ConnectRows && e.OccurredAt >= range.Start && e.OccurredAt < range.End)
            .Select(e => new { e.OwnerId, e.OccurredAt, e.Value })
            .ToListAsync(cancellationToken);
        return readings
            .GroupBy(r => r.OwnerId)
            .ToDictionary(
                team => team.Key,
                team => team.GroupBy(r => r.OccurredAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
                    .ToDictionary(g => g.Key, g => (long)g.Max(r => r.Value)));
    }
}
