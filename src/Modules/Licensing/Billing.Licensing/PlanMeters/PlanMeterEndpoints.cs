using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
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
    }

    internal sealed record MeterPriceBody(long? Cents, string? Unit);

    internal sealed record PlanMeterPriceBody(string? Plan, MeterPriceBody? Price, long? IncludedUnits, DateTimeOffset? EffectiveFrom, string? Reason);
}
