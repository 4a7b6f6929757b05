using Billing.BuildingBlocks.Abstractions;

namespace Billing.Licensing.Contracts.Enterprise;

/// <summary>
/// An Enterprise contract was signed (<see cref="Change"/> <c>signed</c>), amended (<c>amended</c>) or ended early
/// (<c>ended</c>). Each is a new <see cref="Version"/> whose terms apply from <see cref="EffectiveFrom"/>; earlier
/// instants keep the terms of earlier versions. The contract covers <c>[StartsAt, EndsAt)</c> under this version.
/// </summary>
[IntegrationEventName("licensing.contract_changed.v1")]
public sealed record ContractChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid ContractId,
    Guid EnterpriseAccountId,
    int Version,
    string Change,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<LicenceTerm> Licences) : IntegrationEvent(EventId, OccurredAt);
