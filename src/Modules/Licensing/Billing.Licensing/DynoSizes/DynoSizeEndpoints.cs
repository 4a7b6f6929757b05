using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Licensing.DynoSizes;

internal static class DynoSizeEndpoints
{
    private static class Capabilities
    {
        public const string DynoSizesRead = "pricing.dyno-sizes.read";
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/dyno-sizes", async (HttpRequest request, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            HerokuResults.List(await sender.Send(new ListDynoSizes(request.ReadRange(ListDynoSizes.SortKeys)), ct)))
            .WithCapability(Capabilities.DynoSizesRead);

        api.MapGet("/dyno-sizes/{dyno_size_id_or_name}", async ([FromRoute(Name = "dyno_size_id_or_name")] string idOrName, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new GetDynoSize(idOrName), ct)))
            .WithCapability(Capabilities.DynoSizesRead);

        api.MapPost("/admin/licensing/dyno-sizes", async (PublishDynoSizeBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new PublishDynoSize(body.ToSpec()), ct);
            return TypedResults.Created($"/dyno-sizes/{created.Id}", created);
        }).RequireAuthorization(Policies.Admin);
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
        string? Generation)
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
            Generation ?? "cedar");
    }
}
