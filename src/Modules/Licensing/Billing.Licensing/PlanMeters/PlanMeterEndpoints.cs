using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Licensing.PlanMeters;

internal static class PlanMeterEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/admin/licensing/plan-meter-prices", async (HttpContext http, PlanMeterPriceBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var version = await sender.Send(new SetPlanMeterPrice(body.Plan, body.Price?.Cents, body.Price?.Unit ?? "unit", body.IncludedUnits, body.EffectiveFrom, body.Reason, Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/admin/licensing/plans/{version.Item}/price?at={version.EffectiveFrom:yyyy-MM-dd'T'HH:mm:ss'Z'}", version);
        }).RequireAuthorization(Policies.Admin);

        // Catalogue data, public like the plan reads.
        api.MapGet("/plans/{plan_id_or_name}/meters", async (HttpContext http, [FromRoute(Name = "plan_id_or_name")] string plan, LicensingDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await PlanMeterReads.ListAsync(http, plan, db, ct))).AllowAnonymous();

        api.MapGet("/plans/{plan_id_or_name}/meters/{plan_meter_id_or_name}", async (HttpContext http, [FromRoute(Name = "plan_id_or_name")] string plan, [FromRoute(Name = "plan_meter_id_or_name")] string meter, LicensingDbContext db, TimeProvider time, CancellationToken ct) =>
            TypedResults.Ok(PlanMeterReads.Find(await PlanMeterReads.ListAsync(http, plan, db, ct), meter, time.GetUtcNow()))).AllowAnonymous();
    }

    internal sealed record MeterPriceBody(long? Cents, string? Unit);

    internal sealed record PlanMeterPriceBody(string? Plan, MeterPriceBody? Price, long? IncludedUnits, DateTimeOffset? EffectiveFrom, string? Reason);
}
