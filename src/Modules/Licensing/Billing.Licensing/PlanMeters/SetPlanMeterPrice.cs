using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.AddonServices;
using Billing.Licensing.Contracts;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.PlanMeters;

/// <summary>
/// Makes a plan metered from an instant on: integer cents per unit used beyond the included units each month.
/// It is one more price version (append-only), so earlier periods keep the price they had.
/// </summary>
internal sealed record SetPlanMeterPrice(string? Plan, long? CentsPerUnit, string Unit, long? IncludedUnits, DateTimeOffset? EffectiveFrom, string? Reason, string Actor)
    : ICommand<PriceVersionRepresentation>;

internal sealed class SetPlanMeterPriceValidator(TimeProvider time) : IValidator<SetPlanMeterPrice>
{
    public IEnumerable<FieldError> Validate(SetPlanMeterPrice message)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(message.Plan))
        {
            errors.Add(new FieldError("plan", "is required"));
        }

        if (message.CentsPerUnit is null)
        {
            errors.Add(new FieldError("price.cents", "is required"));
        }

        if (message.IncludedUnits is < 0)
        {
            errors.Add(new FieldError("included_units", "must not be negative"));
        }

        errors.AddRange(PriceRules.Check(message.CentsPerUnit, message.Unit, message.EffectiveFrom, message.Reason, time.GetUtcNow(), "price"));
        return errors;
    }
}

internal sealed class SetPlanMeterPriceHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<SetPlanMeterPrice, PriceVersionRepresentation>
{
    public async ValueTask<PriceVersionRepresentation> Handle(SetPlanMeterPrice command, CancellationToken cancellationToken)
    {
        // The plan names the body's subject, not the URL's: an unknown one is a field error, not a missing resource.
        Plan plan;
        try
        {
            plan = await db.FindPlanAsync(command.Plan!, cancellationToken);
        }
        catch (NotFoundException)
        {
            throw new ValidationFailedException("plan", "is not a known plan");
        }

        var now = time.GetUtcNow();
        var effectiveFrom = command.EffectiveFrom ?? now;
        if (await db.PriceVersions.AnyAsync(v => v.ItemId == plan.Id && v.EffectiveFrom == effectiveFrom, cancellationToken))
        {
            throw new ConflictException($"{plan.Name} already has a price starting at {effectiveFrom:O}.");
        }

        var included = command.IncludedUnits ?? 0;
        var terms = new PriceTerms(command.CentsPerUnit, command.Unit, Metered: true, IncludedUnits: included);
        var price = new PriceVersion(Guid.CreateVersion7(now), PricedItemKind.Plan, plan.Id, terms, effectiveFrom, new PriceAudit(command.Actor, command.Reason!, now));
        db.PriceVersions.Add(price);
        db.Publish(PlanEvents.Priced(plan, price, now));
        db.Publish(new PlanMeterPriced(Guid.CreateVersion7(now), now, plan.Id, plan.Name, plan.AddonServiceId, command.CentsPerUnit!.Value, command.Unit, included, effectiveFrom));
        return PriceVersionRepresentation.From(price, plan.Name);
    }
}
