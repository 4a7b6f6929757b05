using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Billing.Usage.Reading;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Reports;

/// <summary>Reads a team's usage once for a report's whole range and cuts it into the report's periods.</summary>
internal sealed class TeamUsageLoader(UsageDbContext db, UsageReader reader)
{
    public async Task<IReadOnlyList<OwnerPeriodUsage>> LoadAsync(Guid teamId, IReadOnlyList<ReportPeriod> periods, UsageRates rates, CancellationToken cancellationToken)
    {
        var owner = BillableOwner.Team(teamId);
        var range = new BillingPeriod(periods[0].Period.Start, periods[^1].Period.End);
        var held = await reader.HeldAsync(owner, range, cancellationToken);
        var appIds = held.Select(h => h.Source.AppId).Distinct().ToList();
        var names = await db.DirectoryApps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var connect = await ConnectRowsAsync(owner, range, cancellationToken);
        return periods.Select(p => OwnerUsageCalculator.For(p, held, names, rates, connect)).ToList();
    }

    /// <summary>The month's Connect rows: the highest reading in it (a sync reports its running total).</summary>
    private async Task<Dictionary<string, long>> ConnectRowsAsync(BillableOwner owner, BillingPeriod range, CancellationToken cancellationToken)
    {
        var readings = await db.UsageEvents.AsNoTracking()
            .Where(e => e.OwnerKind == owner.Kind && e.OwnerId == owner.Id && e.Metric == UsageMetrics.ConnectRows && e.OccurredAt >= range.Start && e.OccurredAt < range.End)
            .Select(e => new { e.OccurredAt, e.Value })
            .ToListAsync(cancellationToken);
        return readings
            .GroupBy(r => r.OccurredAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (long)g.Max(r => r.Value));
    }
}
