using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Billing.Licensing.Consumption;

/// <summary>
/// On <c>UsageBatchRecorded</c> (or the older per-owner <c>UsageRecorded</c>), measures the consumption of each team of
/// an enterprise account among the owners whose usage changed (<see cref="ConsumptionMeasurement"/>), in the delivery's
/// transaction: a batch's teams are measured together. A team measured less than
/// <see cref="ConsumptionOptions.MinInterval"/> ago is only marked behind its usage, for the refresh job or the next read
/// of its positions to measure (ADR 0055): a busy team's usage arrives in many batches a second, and measuring it reads
/// its month from Usage each time.
/// </summary>
internal sealed class MeasureLicenceConsumption(
    LicensingDbContext db, ConsumptionMeasurement measurement, ConsumptionStore store, TimeProvider time, IOptions<ConsumptionOptions> options)
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
        var measurements = changes
            .Where(c => c.Owner.Kind == BillableOwnerKind.Team && teams.ContainsKey(c.Owner.Id))
            .Select(c => (Team: teams[c.Owner.Id], Month: BillingPeriod.MonthOf(c.MonthStart)))
            .Distinct()
            .ToList();
        if (measurements.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var recent = options.Value.MinInterval > TimeSpan.Zero
            ? await store.MeasuredSinceAsync([.. measurements.Select(m => (m.Team.TeamId, m.Month.Start))], now - options.Value.MinInterval, cancellationToken)
            : [];
        if (recent.Count > 0)
        {
            await store.MarkBehindUsageAsync(recent, now, cancellationToken);
        }

        await measurement.MeasureAsync([.. measurements.Where(m => !recent.Contains((m.Team.TeamId, m.Month.Start)))], cancellationToken);
    }
}
