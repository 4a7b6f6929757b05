using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.DynoSizes;

/// <summary>Adds a price version to a size from an instant on; earlier instants keep the price they had.</summary>
internal sealed record ChangeDynoSizePrice(string IdOrName, long? Cents, DateTimeOffset? EffectiveFrom, string? Reason, string Actor) : ICommand<PriceVersionRepresentation>;

internal sealed class ChangeDynoSizePriceValidator(TimeProvider time) : IValidator<ChangeDynoSizePrice>
{
    public IEnumerable<FieldError> Validate(ChangeDynoSizePrice message) =>
        PriceRules.Check(message.Cents, "month", message.EffectiveFrom, message.Reason, time.GetUtcNow(), "cost");
}

internal sealed class ChangeDynoSizePriceHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<ChangeDynoSizePrice, PriceVersionRepresentation>
{
    public async ValueTask<PriceVersionRepresentation> Handle(ChangeDynoSizePrice command, CancellationToken cancellationToken)
    {
        var size = await db.FindDynoSizeAsync(command.IdOrName, cancellationToken);
        var now = time.GetUtcNow();
        var effectiveFrom = command.EffectiveFrom ?? now;
        if (await db.PriceVersions.AnyAsync(v => v.ItemId == size.Id && v.EffectiveFrom == effectiveFrom, cancellationToken))
        {
            throw new ConflictException($"{size.Name} already has a price starting at {effectiveFrom:O}.");
        }

        var price = new PriceVersion(Guid.CreateVersion7(now), PricedItemKind.DynoSize, size.Id, new PriceTerms(command.Cents, "month"),
            effectiveFrom, new PriceAudit(command.Actor, command.Reason!, now));
        db.PriceVersions.Add(price);
        db.Publish(new DynoSizePriceChanged(Guid.CreateVersion7(now), now, size.Id, size.Name, price.Cents, size.PreciseDynoUnits, effectiveFrom));
        return PriceVersionRepresentation.From(price, size.Name);
    }
}
