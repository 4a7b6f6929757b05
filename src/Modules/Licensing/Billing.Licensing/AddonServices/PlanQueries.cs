using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.AddonServices;

/// <summary>A service's plans, priced as of now.</summary>
internal sealed record ListServicePlans(string ServiceIdOrName, RangeRequest Range) : IQuery<Page<PricedPlan>>
{
    public static readonly IReadOnlyList<SortKey<Plan>> SortKeys =
    [
        SortKey.ForGuid<Plan>("id", p => p.Id),
        SortKey.ForString<Plan>("name", p => p.Name),
    ];
}

internal sealed class ListServicePlansHandler(LicensingDbContext db, TimeProvider time) : IQueryHandler<ListServicePlans, Page<PricedPlan>>
{
    public async ValueTask<Page<PricedPlan>> Handle(ListServicePlans query, CancellationToken cancellationToken)
    {
        var service = await db.FindServiceAsync(query.ServiceIdOrName, cancellationToken);
        var page = await db.Plans.AsNoTracking().Where(p => p.AddonServiceId == service.Id).ToPageAsync(query.Range, ListServicePlans.SortKeys, cancellationToken);
        var prices = await db.InForceAtAsync(page.Items.Select(p => p.Id).ToList(), time.GetUtcNow(), cancellationToken);
        return page.Map(p => new PricedPlan(p, service, prices.GetValueOrDefault(p.Id)));
    }
}

/// <summary><c>/addon-services/{s}/plans/{p}</c>, or <c>/plans/{p}</c> when <see cref="ServiceIdOrName"/> is null.</summary>
internal sealed record GetPlan(string? ServiceIdOrName, string PlanIdOrName) : IQuery<PricedPlan>;

internal sealed class GetPlanHandler(LicensingDbContext db, TimeProvider time) : IQueryHandler<GetPlan, PricedPlan>
{
    public async ValueTask<PricedPlan> Handle(GetPlan query, CancellationToken cancellationToken)
    {
        Plan plan;
        AddonService service;
        if (query.ServiceIdOrName is { } serviceKey)
        {
            service = await db.FindServiceAsync(serviceKey, cancellationToken);
            plan = await db.FindServicePlanAsync(service, query.PlanIdOrName, cancellationToken);
        }
        else
        {
            plan = await db.FindPlanAsync(query.PlanIdOrName, cancellationToken);
            service = await db.AddonServices.AsNoTracking().SingleAsync(s => s.Id == plan.AddonServiceId, cancellationToken);
        }

        return new PricedPlan(plan, service, await db.InForceAtAsync(plan.Id, time.GetUtcNow(), cancellationToken));
    }
}
