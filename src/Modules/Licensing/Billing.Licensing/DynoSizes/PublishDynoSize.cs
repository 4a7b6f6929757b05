using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.DynoSizes;

/// <summary>Adds a size and its first price version to the price book and tells the other modules, in one transaction.</summary>
internal sealed record PublishDynoSize(DynoSizeSpec Spec, DateTimeOffset? EffectiveFrom, string? Reason, string Actor) : ICommand<PricedDynoSize>;

internal sealed class PublishDynoSizeValidator(TimeProvider time) : IValidator<PublishDynoSize>
{
    // Both rule sets check cost.cents; a field is named once.
    public IEnumerable<FieldError> Validate(PublishDynoSize message) =>
        DynoSizeRules.Check(message.Spec)
            .Concat(PriceRules.Check(message.Spec.MonthlyPriceCents, "month", message.EffectiveFrom, message.Reason, time.GetUtcNow(), "cost"))
            .DistinctBy(e => e.Field);
}

internal sealed class PublishDynoSizeHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<PublishDynoSize, PricedDynoSize>
{
    public async ValueTask<PricedDynoSize> Handle(PublishDynoSize command, CancellationToken cancellationToken)
    {
        if (await db.DynoSizes.AnyAsync(s => s.Name == command.Spec.Name, cancellationToken))
        {
            throw new ConflictException($"A dyno size named {command.Spec.Name} already exists.");
        }

        var now = time.GetUtcNow();
        var size = new DynoSize(Guid.CreateVersion7(now), command.Spec, now);
        var price = new PriceVersion(Guid.CreateVersion7(now), PricedItemKind.DynoSize, size.Id, new PriceTerms(command.Spec.MonthlyPriceCents, "month"),
            command.EffectiveFrom ?? now, new PriceAudit(command.Actor, command.Reason!, now));
        db.DynoSizes.Add(size);
        db.PriceVersions.Add(price);
        db.Publish(new DynoSizePublished(Guid.CreateVersion7(now), now, size.Id, size.Name, price.Cents, size.PreciseDynoUnits, price.EffectiveFrom));
        // Priced as of now: a size published with a future start has no price in force yet.
        return new PricedDynoSize(size, price.EffectiveFrom <= now ? price : null);
    }
}
