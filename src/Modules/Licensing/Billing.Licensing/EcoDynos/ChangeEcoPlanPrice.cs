using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.EcoDynos;

/// <summary>A new Eco plan price (flat monthly fee and pool hours) from an instant on; earlier months keep theirs.</summary>
internal sealed record ChangeEcoPlanPrice(long? Cents, decimal? PoolHours, DateTimeOffset? EffectiveFrom, string? Reason, string Actor) : ICommand<PriceVersionRepresentation>;

internal sealed class ChangeEcoPlanPriceValidator(TimeProvider time) : IValidator<ChangeEcoPlanPrice>
{
    public IEnumerable<FieldError> Validate(ChangeEcoPlanPrice message)
    {
        var errors = PriceRules.Check(message.Cents, "month", message.EffectiveFrom, message.Reason, time.GetUtcNow(), "cost");
        if (message.Cents is null)
        {
            errors = errors.Append(new FieldError("cost.cents", "is required"));
        }

        if (message.PoolHours is not > 0)
        {
            errors = errors.Append(new FieldError("pool_hours", "must be a positive number of hours"));
        }

        return errors;
    }
}

internal sealed class ChangeEcoPlanPriceHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<ChangeEcoPlanPrice, PriceVersionRepresentation>
{
    public async ValueTask<PriceVersionRepresentation> Handle(ChangeEcoPlanPrice command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var effectiveFrom = command.EffectiveFrom ?? now;
        if (await db.PriceVersions.AnyAsync(v => v.ItemId == EcoPlan.Id && v.EffectiveFrom == effectiveFrom, cancellationToken))
        {
            throw new ConflictException($"The Eco plan already has a price starting at {effectiveFrom:O}.");
        }

        var price = EcoPlanPrices.Add(db, new PriceTerms(command.Cents, "month", IncludedUnits: command.PoolHours), effectiveFrom, new PriceAudit(command.Actor, command.Reason!, now));
        return PriceVersionRepresentation.From(price, EcoPlan.Name);
    }
}

internal static class EcoPlanPrices
{
    /// <summary>Adds the version and announces it, in the caller's transaction.</summary>
    public static PriceVersion Add(LicensingDbContext db, PriceTerms terms, DateTimeOffset effectiveFrom, PriceAudit audit)
    {
        var price = new PriceVersion(Guid.CreateVersion7(audit.RecordedAt), PricedItemKind.EcoPlan, EcoPlan.Id, terms, effectiveFrom, audit);
        db.PriceVersions.Add(price);
        db.Publish(new EcoPlanPriced(Guid.CreateVersion7(audit.RecordedAt), audit.RecordedAt, terms.Cents ?? 0, terms.IncludedUnits ?? 0, effectiveFrom));
        return price;
    }
}
