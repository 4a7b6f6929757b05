using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Contracts.Legacy;
using Billing.Usage.Domain;
using Microsoft.Extensions.Logging;

namespace Billing.Usage.DualWrite;

/// <summary>
/// Delivers a dual-written batch to legacy metering. A failed call throws, so the outbox retries it later; legacy
/// answers an id it already has as <c>duplicate</c>, so retries and redeliveries change nothing there. An event legacy
/// rejects (e.g. an app legacy never knew) will be rejected again: it is logged, not retried.
/// </summary>
internal sealed class ForwardToLegacyMetering(ILegacyMeteringIntake legacy, ILogger<ForwardToLegacyMetering> logger)
    : IIntegrationEventHandler<LegacyForwardRequested>
{
    public async Task Handle(LegacyForwardRequested integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var outcomes = await legacy.SendAsync(integrationEvent.Events, cancellationToken);
        foreach (var rejected in outcomes.Where(o => o.Status == "rejected"))
        {
            logger.LogWarning("Legacy metering rejected dual-written usage event {EventId}: {Reason}", rejected.Id, rejected.Reason);
        }
    }

    /// <summary>A stored event as legacy's intake expects it (the dimensions back under their wire names).</summary>
    public static LegacyUsageEvent ToLegacy(UsageEvent e)
    {
        var owner = e.Owner.Kind == BillableOwnerKind.Team ? "team" : "account";
        var legacyEvent = new LegacyUsageEvent(e.EventId, e.OccurredAt, owner, e.OwnerId, e.AppId, e.Metric, e.Value);
        return e.Metric switch
        {
            UsageMetrics.FormationQuantity => legacyEvent with { ProcessType = e.Subject, Size = e.Variant },
            UsageMetrics.AddonPlan => legacyEvent with { AddonId = e.Subject, PlanId = e.Variant },
            UsageMetrics.SpaceCredits => legacyEvent with { SpaceName = e.Subject },
            UsageMetrics.ConnectRows => legacyEvent,
            _ => legacyEvent with { AddonId = e.Subject },
        };
    }
}
