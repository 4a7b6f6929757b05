using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Licensing.DynoSizes;

internal static class DynoSizeEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/dyno-sizes", async (HttpContext http, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var page = await sender.Send(new ListDynoSizes(http.Request.ReadRange(ListDynoSizes.SortKeys)), ct);
            var sdk = ApiVariant.Of(http).IsSdk;
            return HerokuResults.List(page.Map(s => s.ToRepresentation(sdk)));
        }).WithCapability(PricingCapabilities.DynoSizesRead);

        api.MapGet("/dyno-sizes/{dyno_size_id_or_name}", async (HttpContext http, [FromRoute(Name = "dyno_size_id_or_name")] string idOrName, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok((await sender.Send(new GetDynoSize(idOrName), ct)).ToRepresentation(ApiVariant.Of(http).IsSdk)))
            .WithCapability(PricingCapabilities.DynoSizesRead);

        api.MapPost("/admin/licensing/dyno-sizes", async (HttpContext http, PublishDynoSizeBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new PublishDynoSize(body.ToSpec(), body.EffectiveFrom, body.Reason, Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/dyno-sizes/{created.Size.Id}", created.ToRepresentation(ApiVariant.Of(http).IsSdk));
        }).RequireAuthorization(Policies.Admin);

        api.MapPost("/admin/licensing/dyno-sizes/{dyno_size_id_or_name}/prices", async (HttpContext http, [FromRoute(Name = "dyno_size_id_or_name")] string idOrName, DynoSizePriceBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var version = await sender.Send(new ChangeDynoSizePrice(idOrName, body.Cost?.Cents, body.EffectiveFrom, body.Reason, Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/admin/licensing/dyno-sizes/{idOrName}/price?at={version.EffectiveFrom:yyyy-MM-dd'T'HH:mm:ss'Z'}", version);
        }).RequireAuthorization(Policies.Admin);

        api.MapGet("/admin/licensing/dyno-sizes/{dyno_size_id_or_name}/price", async ([FromRoute(Name = "dyno_size_id_or_name")] string idOrName, [FromQuery(Name = "at")] DateTimeOffset? at, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new GetPriceAt(PricedItemKind.DynoSize, idOrName, at?.ToUniversalTime()), ct)))
            .RequireAuthorization(Policies.Staff);
    }

    internal sealed record PublishDynoSizeBody(
        string? Name,
        DynoSizeCost? Cost,
        decimal? PreciseDynoUnits,
        decimal? Memory,
        int? Compute,
        bool? Dedicated,
        bool? PrivateSpaceOnly,
        string? Architecture,
        string? Generation,
        bool? CanAutoscale,
        string? InfrastructureTier,
        string? ProductDynoTier,
        DateTimeOffset? EffectiveFrom,
        string? Reason)
    {
        public DynoSizeSpec ToSpec() => new(
            Name ?? string.Empty,
            Cost?.Cents,
            PreciseDynoUnits ?? -1,
            Memory ?? 0,
            Compute ?? 0,
            Dedicated ?? false,
            PrivateSpaceOnly ?? false,
            Architecture ?? "amd64",
            Generation ?? "cedar",
            CanAutoscale ?? false,
            InfrastructureTier,
            ProductDynoTier);
    }

    internal sealed record DynoSizePriceBody(DynoSizeCost? Cost, DateTimeOffset? EffectiveFrom, string? Reason);
}
