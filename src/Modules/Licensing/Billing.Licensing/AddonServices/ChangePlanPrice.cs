using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.AddonServices;

/// <summary>Adds a price version to a plan from an instant on; earlier instants keep the price they had.</summary>
internal sealed record ChangePlanPrice(string PlanIdOrName, PriceTerms Price, DateTimeOffset? EffectiveFrom, string? Reason, string Actor) : ICommand<PriceVersionRepresentation>;

internal sealed class ChangePlanPriceValidator(TimeProvider time) : IValidator<ChangePlanPrice>
{
    public IEnumerable<FieldError> Validate(ChangePlanPrice message) =>
        (message.Price.Cents is null ? [new FieldError("price.cents", "is required")] : Array.Empty<FieldError>())
            .Concat(PriceRules.Check(message.Price.Cents, message.Price.Unit, message.EffectiveFrom, message.Reason, time.GetUtcNow(), "price"));
}

internal sealed class ChangePlanPriceHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<ChangePlanPrice, PriceVersionRepresentation>
{
    public async ValueTask<PriceVersionRepresentation> Handle(ChangePlanPrice command, CancellationToken cancellationToken)
    {
        var plan = await db.FindPlanAsync(command.PlanIdOrName, cancellationToken);
        var now = time.GetUtcNow();
        var effectiveFrom = command.EffectiveFrom ?? now;
        if (await db.PriceVersions.AnyAsync(v => v.ItemId == plan.Id && v.EffectiveFrom == effectiveFrom, cancellationToken))
        {
            throw new ConflictException($"{plan.Name} already has a price starting at {effectiveFrom:O}.");
        }

        var price = new PriceVersion(Guid.CreateVersion7(now), PricedItemKind.Plan, plan.Id, command.Price, effectiveFrom, new PriceAudit(command.Actor, command.Reason!, now));
        db.PriceVersions.Add(price);
        db.Publish(PlanEvents.Priced(plan, price, now));
        return PriceVersionRepresentation.From(price, plan.Name);
    }
}
