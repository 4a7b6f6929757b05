namespace Billing.Licensing.Domain;

/// <summary>Something in the price book that clients address by id or by name (a dyno size, an add-on service, a plan).</summary>
internal interface ICatalogueEntry
{
    Guid Id { get; }

    string Name { get; }
}
