using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.DynoSizes;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Licensing.EcoDynos;

internal static class EcoPlanEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/admin/licensing/eco-plan/prices", async (HttpContext http, EcoPlanPriceBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var version = await sender.Send(new ChangeEcoPlanPrice(body.Cost?.Cents, body.PoolHours, body.EffectiveFrom, body.Reason, Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/admin/licensing/eco-plan/price?at={version.EffectiveFrom:yyyy-MM-dd'T'HH:mm:ss'Z'}", version);
        }).RequireAuthorization(Policies.Admin);

        api.MapGet("/admin/licensing/eco-plan/price", async ([FromQuery(Name = "at")] DateTimeOffset? at, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new GetPriceAt(PricedItemKind.EcoPlan, EcoPlan.Name, at?.ToUniversalTime()), ct)))
            .RequireAuthorization(Policies.Staff);
    }

    internal sealed record EcoPlanPriceBody(DynoSizeCost? Cost, decimal? PoolHours, DateTimeOffset? EffectiveFrom, string? Reason);
}
