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

namespace Billing.Licensing.AddonServices;

internal static class AddonServiceEndpoints
{
    // The marketplace catalogue is public in legacy (and in Heroku's API): these reads answer without a token,
    // so switching them to New does not turn anonymous clients' 200s into 401s.
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/addon-services", async (HttpRequest request, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            HerokuResults.List((await sender.Send(new ListAddonServices(request.ReadRange(ListAddonServices.SortKeys)), ct)).Map(AddonServiceRepresentation.From)))
            .WithCapability(PricingCapabilities.AddonServicesRead).AllowAnonymous();

        api.MapGet("/addon-services/{addon_service_id_or_name}", async ([FromRoute(Name = "addon_service_id_or_name")] string idOrName, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(AddonServiceRepresentation.From(await sender.Send(new GetAddonService(idOrName), ct))))
            .WithCapability(PricingCapabilities.AddonServicesRead).AllowAnonymous();

        api.MapGet("/addon-services/{addon_service_id_or_name}/plans", async (HttpContext http, [FromRoute(Name = "addon_service_id_or_name")] string service, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var page = await sender.Send(new ListServicePlans(service, http.Request.ReadRange(ListServicePlans.SortKeys)), ct);
            var sdk = ApiVariant.Of(http).IsSdk;
            return HerokuResults.List(page.Map(p => p.ToRepresentation(sdk)));
        }).WithCapability(PricingCapabilities.PlansRead).AllowAnonymous();

        api.MapGet("/addon-services/{addon_service_id_or_name}/plans/{plan_id_or_name}", async (HttpContext http, [FromRoute(Name = "addon_service_id_or_name")] string service, [FromRoute(Name = "plan_id_or_name")] string plan, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok((await sender.Send(new GetPlan(service, plan), ct)).ToRepresentation(ApiVariant.Of(http).IsSdk)))
            .WithCapability(PricingCapabilities.PlansRead).AllowAnonymous();

        api.MapGet("/plans/{plan_id_or_name}", async (HttpContext http, [FromRoute(Name = "plan_id_or_name")] string plan, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok((await sender.Send(new GetPlan(null, plan), ct)).ToRepresentation(ApiVariant.Of(http).IsSdk)))
            .WithCapability(PricingCapabilities.PlansRead).AllowAnonymous();

        api.MapPost("/admin/licensing/addon-services", async (HttpContext http, PublishAddonServiceBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var service = await sender.Send(new PublishAddonService(body.Name, body.HumanName, body.CliPluginName, body.State, body.SupportsMultipleInstallations ?? false, body.SupportsSharing ?? false, body.Reason, Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/addon-services/{service.Id}", AddonServiceRepresentation.From(service));
        }).RequireAuthorization(Policies.Admin);

        api.MapPost("/admin/licensing/addon-services/{addon_service_id_or_name}/plans", async (HttpContext http, [FromRoute(Name = "addon_service_id_or_name")] string service, PublishPlanBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new PublishPlan(service, body.Name ?? string.Empty, body.ToSpec(), body.Price.ToTerms(), body.EffectiveFrom, body.Reason, Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/plans/{created.Plan.Id}", created.ToRepresentation(ApiVariant.Of(http).IsSdk));
        }).RequireAuthorization(Policies.Admin);

        api.MapPost("/admin/licensing/plans/{plan_id_or_name}/prices", async (HttpContext http, [FromRoute(Name = "plan_id_or_name")] string plan, PlanPriceBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var version = await sender.Send(new ChangePlanPrice(plan, body.Price.ToTerms(), body.EffectiveFrom, body.Reason, Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/admin/licensing/plans/{plan}/price?at={version.EffectiveFrom:yyyy-MM-dd'T'HH:mm:ss'Z'}", version);
        }).RequireAuthorization(Policies.Admin);

        api.MapGet("/admin/licensing/plans/{plan_id_or_name}/price", async ([FromRoute(Name = "plan_id_or_name")] string plan, [FromQuery(Name = "at")] DateTimeOffset? at, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new GetPriceAt(PricedItemKind.Plan, plan, at?.ToUniversalTime()), ct)))
            .RequireAuthorization(Policies.Staff);
    }

    internal sealed record PriceBody(long? Cents, string? Unit, bool? Contract, bool? Metered);

    internal sealed record PublishPlanBody(
        string? Name,
        string? HumanName,
        string? Description,
        IReadOnlyList<string>? Compliance,
        bool? Default,
        bool? InstallableInsidePrivateNetwork,
        bool? InstallableOutsidePrivateNetwork,
        bool? SpaceDefault,
        string? State,
        bool? Visible,
        PriceBody? Price,
        DateTimeOffset? EffectiveFrom,
        string? Reason)
    {
        public PlanSpec ToSpec() => new(Name ?? string.Empty, HumanName ?? Name ?? string.Empty, Description ?? string.Empty, Compliance,
            Default ?? false, InstallableInsidePrivateNetwork ?? false, InstallableOutsidePrivateNetwork ?? true, SpaceDefault ?? false,
            State ?? "public", Visible ?? true);
    }

    internal sealed record PublishAddonServiceBody(string? Name, string? HumanName, string? CliPluginName, string? State, bool? SupportsMultipleInstallations, bool? SupportsSharing, string? Reason);

    internal sealed record PlanPriceBody(PriceBody? Price, DateTimeOffset? EffectiveFrom, string? Reason);

    private static PriceTerms ToTerms(this PriceBody? price) =>
        new(price?.Cents, price?.Unit ?? "month", price?.Contract ?? false, price?.Metered ?? false);
}
