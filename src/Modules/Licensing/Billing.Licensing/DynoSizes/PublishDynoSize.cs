using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.DynoSizes;

/// <summary>Adds a size to the price book and tells the other modules, in one transaction.</summary>
internal sealed record PublishDynoSize(DynoSizeSpec Spec) : ICommand<DynoSizeRepresentation>;

internal sealed class PublishDynoSizeValidator : IValidator<PublishDynoSize>
{
    public IEnumerable<FieldError> Validate(PublishDynoSize message) => DynoSizeRules.Check(message.Spec);
}

internal sealed class PublishDynoSizeHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<PublishDynoSize, DynoSizeRepresentation>
{
    public async ValueTask<DynoSizeRepresentation> Handle(PublishDynoSize command, CancellationToken cancellationToken)
    {
        if (await db.DynoSizes.AnyAsync(s => s.Name == command.Spec.Name, cancellationToken))
        {
            throw new ConflictException($"A dyno size named {command.Spec.Name} already exists.");
        }

        var now = time.GetUtcNow();
        var size = new DynoSize(Guid.CreateVersion7(now), command.Spec, now);
        db.DynoSizes.Add(size);
        db.Publish(new DynoSizePublished(Guid.CreateVersion7(now), now, size.Id, size.Name, size.MonthlyPriceCents, size.PreciseDynoUnits, now));
        return DynoSizeRepresentation.From(size);
    }
}
