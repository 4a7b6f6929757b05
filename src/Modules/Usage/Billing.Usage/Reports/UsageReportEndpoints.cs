using Billing.BuildingBlocks.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Usage.Reports;

/// <summary>The usage reads legacy metering serves, under their capabilities (see <c>Strangler:Capabilities</c>).</summary>
internal static class UsageReportEndpoints
{
    public const string ReportsCapability = "usage.reports.read";
    public const string AddonUsageCapability = "usage.addon-usage.read";
    public const string QuotaCapability = "usage.eco-quota.read";

    /// <summary>Legacy answers every usage route in any of these variants.</summary>
    private static readonly ApiVariantsMetadata Variants = new(ApiVariant.V3, ApiVariant.Sdk, "3.account-quotas");

    public static void Map(RouteGroupBuilder api)
    {
        Report(api, "/teams/{team_id}/usage/daily", "team_id", UsageReportScope.Team, monthly: false);
        Report(api, "/teams/{team_id}/usage/monthly", "team_id", UsageReportScope.Team, monthly: true);
        Report(api, "/enterprise-accounts/{enterprise_account_id}/usage/daily", "enterprise_account_id", UsageReportScope.EnterpriseAccount, monthly: false);
        Report(api, "/enterprise-accounts/{enterprise_account_id}/usage/monthly", "enterprise_account_id", UsageReportScope.EnterpriseAccount, monthly: true);

        api.MapGet("/apps/{app_id_or_name}/usage", ([FromRoute(Name = "app_id_or_name")] string app, [FromKeyedServices(UsageModule.ModuleName)] ISender sender, CancellationToken ct) =>
            Send(sender, new GetAddonUsage(null, app), ct)).WithCapability(AddonUsageCapability).WithMetadata(Variants);
        api.MapGet("/teams/{team_name_or_id}/apps/{app_id_or_name}/usage", ([FromRoute(Name = "team_name_or_id")] string team, [FromRoute(Name = "app_id_or_name")] string app,
            [FromKeyedServices(UsageModule.ModuleName)] ISender sender, CancellationToken ct) =>
            Send(sender, new GetAddonUsage(team, app), ct)).WithCapability(AddonUsageCapability).WithMetadata(Variants);
        api.MapGet("/teams/{team_name_or_id}/usage", ([FromRoute(Name = "team_name_or_id")] string team, [FromKeyedServices(UsageModule.ModuleName)] ISender sender, CancellationToken ct) =>
            Send(sender, new GetAddonUsage(team, null), ct)).WithCapability(AddonUsageCapability).WithMetadata(Variants);

        api.MapGet("/accounts/{account}/actions/get-quota", ([FromRoute(Name = "account")] string account, [FromKeyedServices(UsageModule.ModuleName)] ISender sender, CancellationToken ct) =>
            Send(sender, new GetEcoQuota(account), ct)).WithCapability(QuotaCapability).WithMetadata(Variants);
    }

    private static void Report(RouteGroupBuilder api, string pattern, string idName, UsageReportScope scope, bool monthly) =>
        api.MapGet(pattern, (HttpContext http, [FromKeyedServices(UsageModule.ModuleName)] ISender sender, CancellationToken ct) =>
            Send(sender, new GetUsageReport(scope, (string)http.Request.RouteValues[idName]!, monthly, Single(http, "start"), Single(http, "end")), ct))
            .WithCapability(ReportsCapability).WithMetadata(Variants);

    private static string? Single(HttpContext http, string name) => http.Request.Query.TryGetValue(name, out var values) ? values[0] : null;

    private static async Task<IResult> Send(ISender sender, IQuery<byte[]> query, CancellationToken ct)
    {
        try
        {
            return TypedResults.Bytes(await sender.Send(query, ct), ContentType);
        }
        catch (ApiException error)
        {
            // Legacy's bytes: quotes and apostrophes in messages are not \u-escaped (the shared writer escapes them).
            var body = UsageReportJson.Write(json =>
            {
                json.WriteStartObject();
                json.WriteString("id", error.Id);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            });
            return TypedResults.Text(System.Text.Encoding.UTF8.GetString(body), ContentType, System.Text.Encoding.UTF8, error.Status);
        }
    }

    private const string ContentType = "application/json; charset=utf-8";
}
