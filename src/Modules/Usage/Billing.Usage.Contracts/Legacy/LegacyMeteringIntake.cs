using Billing.BuildingBlocks.Abstractions;

namespace Billing.Usage.Contracts.Legacy;

/// <summary>
/// The port through which Usage dual-writes accepted events to the legacy metering intake while usage reports are
/// compared in Shadow (implemented by the legacy metering adapter). Legacy deduplicates by event id, so sending a
/// batch again is harmless.
/// </summary>
public interface ILegacyMeteringIntake
{
    /// <summary>False when no legacy metering service is set: there is nowhere to send events.</summary>
    bool IsConfigured { get; }

    Task<IReadOnlyList<LegacyIntakeOutcome>> SendAsync(IReadOnlyList<LegacyUsageEvent> events, CancellationToken cancellationToken);
}

/// <summary>One event in legacy's intake shape (<c>POST /usage-events</c>); only the dimensions of its metric are set.</summary>
public sealed record LegacyUsageEvent(
    string Id,
    DateTimeOffset OccurredAt,
    string OwnerType,
    Guid OwnerId,
    Guid AppId,
    string Metric,
    decimal Value,
    string? ProcessType = null,
    string? Size = null,
    string? AddonId = null,
    string? PlanId = null,
    string? SpaceName = null);

/// <summary>Legacy's answer for one event: <c>accepted</c>, <c>duplicate</c> or <c>rejected</c> with a reason.</summary>
public sealed record LegacyIntakeOutcome(string? Id, string Status, string? Reason = null);

/// <summary>
/// Usage's note to itself, through its own outbox, that a batch's accepted events must also reach legacy metering
/// (dual-write mode, ADR 0030): committed with the events, delivered and retried after.
/// </summary>
[IntegrationEventName("usage.legacy_forward_requested.v1")]
public sealed record LegacyForwardRequested(Guid EventId, DateTimeOffset OccurredAt, IReadOnlyList<LegacyUsageEvent> Events)
    : IntegrationEvent(EventId, OccurredAt);
