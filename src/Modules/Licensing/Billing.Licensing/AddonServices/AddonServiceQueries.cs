using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.AddonServices;

internal sealed record ListAddonServices(RangeRequest Range) : IQuery<Page<AddonService>>
{
    public static readonly IReadOnlyList<SortKey<AddonService>> SortKeys =
    [
        SortKey.ForGuid<AddonService>("id", s => s.Id),
        SortKey.ForString<AddonService>("name", s => s.Name),
    ];
}

internal sealed class ListAddonServicesHandler(LicensingDbContext db) : IQueryHandler<ListAddonServices, Page<AddonService>>
{
    public async ValueTask<Page<AddonService>> Handle(ListAddonServices query, CancellationToken cancellationToken) =>
        await db.AddonServices.AsNoTracking().ToPageAsync(query.Range, ListAddonServices.SortKeys, cancellationToken);
}

internal sealed record GetAddonService(string IdOrName) : IQuery<AddonService>;

internal sealed class GetAddonServiceHandler(LicensingDbContext db) : IQueryHandler<GetAddonService, AddonService>
{
    public async ValueTask<AddonService> Handle(GetAddonService query, CancellationToken cancellationToken) =>
        await db.FindServiceAsync(query.IdOrName, cancellationToken);
}
