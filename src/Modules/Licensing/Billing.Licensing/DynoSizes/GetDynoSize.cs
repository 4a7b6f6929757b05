using Billing.BuildingBlocks.Http;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.DynoSizes;

/// <summary>By id or by name, as every Heroku identity accepts both.</summary>
internal sealed record GetDynoSize(string IdOrName) : IQuery<DynoSizeRepresentation>;

internal sealed class GetDynoSizeHandler(LicensingDbContext db) : IQueryHandler<GetDynoSize, DynoSizeRepresentation>
{
    public async ValueTask<DynoSizeRepresentation> Handle(GetDynoSize query, CancellationToken cancellationToken)
    {
        var sizes = db.DynoSizes.AsNoTracking();
        var size = Guid.TryParse(query.IdOrName, out var id)
            ? await sizes.SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            : await sizes.SingleOrDefaultAsync(s => s.Name == query.IdOrName, cancellationToken);
        return size is null
            ? throw new NotFoundException($"Couldn't find that dyno size: {query.IdOrName}.")
            : DynoSizeRepresentation.From(size);
    }
}
