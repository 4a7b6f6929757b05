using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Usage.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Reports;

/// <summary>
/// <c>/teams/{team_id}/usage/daily|monthly</c> and <c>/enterprise-accounts/{id}/usage/daily|monthly</c>: every day or
/// month of the range gets a row, empty ones included. Only the UUID is accepted, as the contract says; a name, an
/// unknown id or another tenant's answers 404 before the parameters are looked at.
/// </summary>
internal sealed record GetUsageReport(UsageReportScope Scope, string Id, bool Monthly, string? Start, string? End) : IQuery<byte[]>;

internal enum UsageReportScope
{
    Team,
    EnterpriseAccount,
}

internal sealed class GetUsageReportHandler(UsageDbContext db, TeamUsageLoader loader, Caller caller, TimeProvider time) : IQueryHandler<GetUsageReport, byte[]>
{
    public async ValueTask<byte[]> Handle(GetUsageReport query, CancellationToken cancellationToken)
    {
        return query.Scope == UsageReportScope.Team ? await TeamAsync(query, cancellationToken) : await EnterpriseAsync(query, cancellationToken);
    }

    private async Task<byte[]> TeamAsync(GetUsageReport query, CancellationToken cancellationToken)
    {
        var team = Guid.TryParse(query.Id, out var id) && caller.CanSeeTeam(id) ? await db.DirectoryTeams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken) : null;
        if (team is null)
        {
            throw new NotFoundException("Couldn't find that team.");
        }

        var periods = Periods(query);
        var rates = await UsageRates.LoadAsync(db, time.GetUtcNow(), cancellationToken);
        var usage = await loader.LoadAsync(team.Id, periods, rates, cancellationToken);
        return UsageReportJson.Teams(periods.Select((p, i) => new UsageReportJson.TeamRow(team.Id, team.Name, p, usage[i])));
    }

    private async Task<byte[]> EnterpriseAsync(GetUsageReport query, CancellationToken cancellationToken)
    {
        var enterprise = Guid.TryParse(query.Id, out var id) && caller.CanSeeEnterpriseAccount(id)
            ? await db.DirectoryEnterpriseAccounts.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            : null;
        if (enterprise is null)
        {
            throw new NotFoundException("Couldn't find that enterprise account.");
        }

        var periods = Periods(query);
        var rates = await UsageRates.LoadAsync(db, time.GetUtcNow(), cancellationToken);
        var teams = (await db.DirectoryTeams.AsNoTracking().Where(t => t.EnterpriseAccountId == enterprise.Id).ToListAsync(cancellationToken))
            .OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Id.ToString(), StringComparer.Ordinal).ToList();
        var byTeam = await loader.LoadAsync([.. teams.Select(t => t.Id)], periods, rates, cancellationToken);
        return UsageReportJson.Enterprise(periods.Select((p, i) => new UsageReportJson.EnterpriseRow(enterprise.Id, enterprise.Name, p,
            teams.Select(t => new UsageReportJson.TeamRow(t.Id, t.Name, p, byTeam[t.Id][i])).ToList())));
    }

    private static IReadOnlyList<ReportPeriod> Periods(GetUsageReport query) =>
        query.Monthly ? ReportPeriods.Monthly(query.Start, query.End) : ReportPeriods.Daily(query.Start, query.End);
}
