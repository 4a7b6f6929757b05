using System.Globalization;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.EnterpriseContracts;
using Billing.Licensing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.TeamLicenses;

/// <summary>
/// 3.sdk <c>team-license</c> (<c>GET /teams/{team}/licenses</c>: this month) and <c>team-license-collection</c>
/// (<c>GET /teams/{team}/license-collections</c>: by month, up to 12 back): licensed quantity vs the enterprise
/// account's pooled consumption. Legacy never served them, so there is no strangler capability: the host answers.
/// Under version=3 they answer 404, as legacy's 3.sdk-only routes do.
/// </summary>
internal static class TeamLicenseEndpoints
{
    private static readonly Dictionary<string, string> LicenceNames = new()
    {
        [LicenceProducts.DynoUnits] = "HerokuDynoUnits",
        [LicenceProducts.AddonCredits] = "HerokuAddOnCredits1",
        [LicenceProducts.DataCredits] = "HerokuDataCredits",
        [LicenceProducts.PartnerCredits] = "HerokuPartnerCredits",
        [LicenceProducts.SpaceCredits] = "HerokuPrivateSpaceCredits",
        [LicenceProducts.ConnectRows] = "HerokuConnectRows",
    };

    private static readonly Dictionary<string, string> Codes = new()
    {
        [ContractChanges.Signed] = "add",
        [ContractChanges.Amended] = "update",
        [ContractChanges.Ended] = "end",
    };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/teams/{team_name_or_id}/licenses", async (HttpContext http, [FromRoute(Name = "team_name_or_id")] string team, LicensingDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var (account, contracts, consumption) = await LoadAsync(http, team, db, ct);
            var month = BillingPeriod.MonthOf(time.GetUtcNow());
            return TypedResults.Ok(account is null ? [] : Licenses(contracts, month, consumption));
        });

        api.MapGet("/teams/{team_name_or_id}/license-collections", async (HttpContext http, [FromRoute(Name = "team_name_or_id")] string team, LicensingDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var (account, contracts, consumption) = await LoadAsync(http, team, db, ct);
            var current = BillingPeriod.MonthOf(time.GetUtcNow());
            var collections = new List<TeamLicenseCollection>();
            if (account is not null && contracts.Count > 0)
            {
                var first = BillingPeriod.MonthOf(contracts.Min(c => c.Versions.Min(v => v.StartsAt)));
                for (var month = current; month.Start >= first.Start && collections.Count < 12; month = BillingPeriod.MonthOf(month.Start.AddSeconds(-1)))
                {
                    var licenses = Licenses(contracts, month, consumption);
                    if (licenses.Count > 0)
                    {
                        collections.Add(new TeamLicenseCollection(month.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture), licenses));
                    }
                }
            }

            return TypedResults.Ok(collections);
        });
    }

    private static async Task<(Guid? Account, List<Contract> Contracts, List<LicenceConsumption> Consumption)> LoadAsync(HttpContext http, string team, LicensingDbContext db, CancellationToken ct)
    {
        if (!ApiVariant.Of(http).IsSdk)
        {
            throw new NotFoundException("The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your intended version with the `Accept` header?");
        }

        var caller = Caller.From(http);
        var member = await db.FindEnterpriseTeamAsync(team, ct);
        Guid? teamId = member?.TeamId ?? (Guid.TryParse(team, out var id) ? id : null);
        if (teamId is null || !caller.CanSeeTeam(teamId.Value))
        {
            throw new NotFoundException("Couldn't find that team.");
        }

        if (member is null)
        {
            return (null, [], []);
        }

        var contracts = await db.Contracts.AsNoTracking().Where(c => c.EnterpriseAccountId == member.EnterpriseAccountId).ToListAsync(ct);
        var consumption = await db.LicenceConsumption.AsNoTracking().Where(c => c.EnterpriseAccountId == member.EnterpriseAccountId).ToListAsync(ct);
        return (member.EnterpriseAccountId, contracts, consumption);
    }

    /// <summary>One entry per licence of each contract version covering part of the month; consumed is the pool's in that month.</summary>
    private static List<TeamLicense> Licenses(List<Contract> contracts, BillingPeriod month, List<LicenceConsumption> consumption)
    {
        var pool = consumption.Where(c => c.MonthStart == month.Start).GroupBy(c => c.Product).ToDictionary(g => g.Key, g => g.Sum(c => c.Consumed));
        return ContractMonth.Stretches(contracts, month)
            .Where(s => s.Covered)
            .SelectMany(s => s.Version!.Licences.Select(l => new TeamLicense(
                Date(s.Version.StartsAt), Date(s.Version.EndsAt.AddSeconds(-1)), Whole(l.MonthlyQuantity), Whole(pool.GetValueOrDefault(l.Product)),
                Codes.GetValueOrDefault(s.Version.Change, "add"), LicenceNames.GetValueOrDefault(l.Product, l.Product))))
            .Distinct()
            .ToList();
    }

    private static string Date(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The contract's integers: half-to-even, like every other quantity here.</summary>
    private static long Whole(decimal quantity) => (long)decimal.Round(quantity, 0, MidpointRounding.ToEven);

    internal sealed record TeamLicense(string StartDate, string EndDate, long Qty, long Consumed, string Code, string Name);

    internal sealed record TeamLicenseCollection(string Period, IReadOnlyList<TeamLicense> Licenses);
}
