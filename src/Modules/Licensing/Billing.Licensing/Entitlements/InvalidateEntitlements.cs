using Billing.BuildingBlocks.Abstractions;
using Billing.Licensing.Contracts;
using Billing.Licensing.Contracts.Enterprise;

namespace Billing.Licensing.Entitlements;

/// <summary>Licensing listens to its own events to drop cached entitlements the change affects.</summary>
internal sealed class InvalidateEntitlements(EntitlementCache owners, CatalogueCache catalogue)
    : IIntegrationEventHandler<ContractChanged>, IIntegrationEventHandler<LicenceThresholdCrossed>,
      IIntegrationEventHandler<DynoSizePublished>, IIntegrationEventHandler<DynoSizePriceChanged>, IIntegrationEventHandler<PlanPriced>
{
    public Task Handle(ContractChanged integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        owners.InvalidateEnterprise(integrationEvent.EnterpriseAccountId);
        return Task.CompletedTask;
    }

    public Task Handle(LicenceThresholdCrossed integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        owners.InvalidateEnterprise(integrationEvent.EnterpriseAccountId);
        return Task.CompletedTask;
    }

    public Task Handle(DynoSizePublished integrationEvent, CancellationToken cancellationToken) => DropCatalogue();

    public Task Handle(DynoSizePriceChanged integrationEvent, CancellationToken cancellationToken) => DropCatalogue();

    public Task Handle(PlanPriced integrationEvent, CancellationToken cancellationToken) => DropCatalogue();

    private Task DropCatalogue()
    {
        catalogue.Invalidate();
        return Task.CompletedTask;
    }
}
