using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.EnterpriseContracts;
using Billing.Licensing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Billing.Licensing.Entitlements;

/// <summary>
/// <c>GET /teams/{team}/entitlements/dyno-sizes/{size}?quantity=N</c> and <c>GET /teams/{team}/entitlements/plans/{plan}</c>:
/// 200 with <c>{"allowed", "reason", "message"}</c> whether allowed or denied (a denial is an answer, not an error);
/// 422 for an unknown size or plan or a bad quantity; 404 for a team the caller cannot see.
/// </summary>
internal static class EntitlementEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/teams/{team_name_or_id}/entitlements/dyno-sizes/{dyno_size_id_or_name}", async (HttpContext http,
            [FromRoute(Name = "team_name_or_id")] string team, [FromRoute(Name = "dyno_size_id_or_name")] string size, [FromQuery(Name = "quantity")] string? quantity,
            IEntitlements entitlements, IServiceProvider services, CancellationToken ct) =>
        {
            var dynos = ParseQuantity(quantity);
            var owner = await ResolveTeamAsync(http, team, services, ct);
            return Answer(await entitlements.MayScale(owner, size, dynos, ct), "dyno_size");
        });

        api.MapGet("/teams/{team_name_or_id}/entitlements/plans/{plan_id_or_name}", async (HttpContext http,
            [FromRoute(Name = "team_name_or_id")] string team, [FromRoute(Name = "plan_id_or_name")] string plan,
            IEntitlements entitlements, IServiceProvider services, CancellationToken ct) =>
        {
            var owner = await ResolveTeamAsync(http, team, services, ct);
            return Answer(await entitlements.MayProvision(owner, plan, ct), "plan");
        });
    }

    private static int ParseQuantity(string? quantity) =>
        quantity is null ? 1
        : int.TryParse(quantity, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= 10_000 ? n
        : throw new ValidationFailedException("quantity", "must be a whole number of dynos from 0 to 10000");

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<EntitlementDecision> Answer(EntitlementDecision decision, string field) =>
        decision.Reason == EntitlementReasons.UnknownProduct
            ? throw new ValidationFailedException(field, decision.Message)
            : TypedResults.Ok(decision);

    /// <summary>A team id needs no lookup (the hot path); a name is looked up among enterprise teams, the only ones Licensing knows by name.</summary>
    private static async ValueTask<BillableOwner> ResolveTeamAsync(HttpContext http, string team, IServiceProvider services, CancellationToken ct)
    {
        var caller = Caller.From(http);
        Guid? id = Guid.TryParse(team, out var parsed) ? parsed : null;
        if (id is null)
        {
            var db = (LicensingDbContext)services.GetService(typeof(LicensingDbContext))!;
            id = (await db.FindEnterpriseTeamAsync(team, ct))?.TeamId;
        }

        if (id is not { } teamId || !caller.CanSeeTeam(teamId))
        {
            throw new NotFoundException("Couldn't find that team.");
        }

        return BillableOwner.Team(teamId);
    }
}
