using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Consumption;

/// <summary>
/// On <c>UsageBatchRecorded</c> (or the older per-owner <c>UsageRecorded</c>), measures the consumption of each team of
/// an enterprise account among the owners whose usage changed (<see cref="ConsumptionMeasurement"/>), in the delivery's
/// transaction: a batch's teams are measured together.
/// </summary>
internal sealed class MeasureLicenceConsumption(LicensingDbContext db, ConsumptionMeasurement measurement)
    : IIntegrationEventHandler<UsageRecorded>, IIntegrationEventHandler<UsageBatchRecorded>
{
    public Task Handle(UsageRecorded integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return MeasureAsync([new UsageChange(integrationEvent.Owner, integrationEvent.MonthStart, integrationEvent.AcceptedEvents)], cancellationToken);
    }

    public Task Handle(UsageBatchRecorded integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return MeasureAsync(integrationEvent.Changes, cancellationToken);
    }

    private async Task MeasureAsync(IReadOnlyList<UsageChange> changes, CancellationToken cancellationToken)
    {
        var teamIds = changes.Where(c => c.Owner.Kind == BillableOwnerKind.Team).Select(c => c.Owner.Id).Distinct().ToList();
        if (teamIds.Count == 0)
        {
            return;
        }

        // Most owners are not enterprise teams: one query finds the few that are.
        var teams = await db.EnterpriseTeams.AsNoTracking().Where(t => teamIds.Contains(t.TeamId)).ToDictionaryAsync(t => t.TeamId, cancellationToken);
        await measurement.MeasureAsync(
            [.. changes
                .Where(c => c.Owner.Kind == BillableOwnerKind.Team && teams.ContainsKey(c.Owner.Id))
                .Select(c => (Team: teams[c.Owner.Id], Month: BillingPeriod.MonthOf(c.MonthStart)))
                .Distinct()],
            cancellationToken);
    }
}
