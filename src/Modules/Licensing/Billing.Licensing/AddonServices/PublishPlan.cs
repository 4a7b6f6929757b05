using System.Text.RegularExpressions;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.AddonServices;

/// <summary>Adds a plan (short name, e.g. <c>essential-3</c>) and its first price to a service, in one transaction.</summary>
internal sealed record PublishPlan(string ServiceIdOrName, string ShortName, PlanSpec Spec, PriceTerms Price, DateTimeOffset? EffectiveFrom, string? Reason, string Actor) : ICommand<PricedPlan>;

internal sealed partial class PublishPlanValidator(TimeProvider time) : IValidator<PublishPlan>
{
    public IEnumerable<FieldError> Validate(PublishPlan message)
    {
        if (!ShortName().IsMatch(message.ShortName))
        {
            yield return new FieldError("name", "must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit (e.g. essential-0)");
        }

        if (message.Price.Cents is null)
        {
            yield return new FieldError("price.cents", "is required");
        }

        foreach (var error in PriceRules.Check(message.Price.Cents, message.Price.Unit, message.EffectiveFrom, message.Reason, time.GetUtcNow(), "price"))
        {
            yield return error;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ShortName();
}

internal sealed class PublishPlanHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<PublishPlan, PricedPlan>
{
    public async ValueTask<PricedPlan> Handle(PublishPlan command, CancellationToken cancellationToken)
    {
        var service = await db.FindServiceAsync(command.ServiceIdOrName, cancellationToken);
        var spec = command.Spec with { Name = $"{service.Name}:{command.ShortName}" };
        if (await db.Plans.AnyAsync(p => p.Name == spec.Name, cancellationToken))
        {
            throw new ConflictException($"A plan named {spec.Name} already exists.");
        }

        var now = time.GetUtcNow();
        var plan = new Plan(Guid.CreateVersion7(now), service.Id, spec, now);
        var price = new PriceVersion(Guid.CreateVersion7(now), PricedItemKind.Plan, plan.Id, command.Price, command.EffectiveFrom ?? now,
            new PriceAudit(command.Actor, command.Reason!, now));
        db.Plans.Add(plan);
        db.PriceVersions.Add(price);
        db.Publish(PlanEvents.Priced(plan, price, now));
        return new PricedPlan(plan, service, price.EffectiveFrom <= now ? price : null);
    }
}

internal static class PlanEvents
{
    public static PlanPriced Priced(Plan plan, PriceVersion price, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, plan.Id, plan.Name, plan.AddonServiceId, price.Cents ?? 0, price.Unit, price.Contract, price.Metered, price.EffectiveFrom);
}
