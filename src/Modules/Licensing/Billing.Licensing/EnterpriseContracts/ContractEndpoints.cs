using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>Staff endpoints for Enterprise contracts; every change is a new, audited version with a required reason.</summary>
internal static class ContractEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPut("/admin/licensing/enterprise-accounts/{enterprise_account_id}", async ([FromRoute(Name = "enterprise_account_id")] Guid id, EnterpriseAccountBody body,
            [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new RecordEnterpriseAccount(id, body.Name, body.Teams), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Staff);

        api.MapPost("/admin/licensing/enterprise-accounts/{enterprise_account_id_or_name}/contracts", async (HttpContext http,
            [FromRoute(Name = "enterprise_account_id_or_name")] string account, SignContractBody body, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var contract = await sender.Send(new SignContract(account, body.Reference, body.StartsAt, body.EndsAt, LicenceBody.ToInputs(body.Licences), body.Reason,
                Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/admin/licensing/contracts/{contract.Id}", contract);
        }).RequireAuthorization(Policies.Staff);

        api.MapGet("/admin/licensing/enterprise-accounts/{enterprise_account_id_or_name}/contracts", async (
            [FromRoute(Name = "enterprise_account_id_or_name")] string account, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new ListContracts(account), ct))).RequireAuthorization(Policies.Staff);

        api.MapGet("/admin/licensing/contracts/{contract_id}", async ([FromRoute(Name = "contract_id")] Guid id, [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new GetContract(id), ct))).RequireAuthorization(Policies.Staff);

        api.MapPost("/admin/licensing/contracts/{contract_id}/amendments", async (HttpContext http, [FromRoute(Name = "contract_id")] Guid id, AmendContractBody body,
            [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var contract = await sender.Send(new AmendContract(id, ContractChanges.Amended, body.EffectiveFrom, body.EndsAt, LicenceBody.ToInputs(body.Licences), body.Reason,
                Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/admin/licensing/contracts/{contract.Id}", contract);
        }).RequireAuthorization(Policies.Staff);

        api.MapPost("/admin/licensing/contracts/{contract_id}/end", async (HttpContext http, [FromRoute(Name = "contract_id")] Guid id, EndContractBody body,
            [FromKeyedServices(LicensingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var contract = await sender.Send(new AmendContract(id, ContractChanges.Ended, null, body.EndsAt, null, body.Reason, Caller.From(http).TokenId), ct);
            return TypedResults.Created($"/admin/licensing/contracts/{contract.Id}", contract);
        }).RequireAuthorization(Policies.Staff);

        // What Invoicing reads through ILicensePositions, for support staff to see the same figures.
        api.MapGet("/admin/licensing/teams/{team_id}/license-positions", async ([FromRoute(Name = "team_id")] Guid team, [FromQuery(Name = "month")] string? month,
            ILicensePositions positions, TimeProvider time, CancellationToken ct) =>
            TypedResults.Ok(await positions.ForMonth(BillableOwner.Team(team), ParseMonth(month, time), ct))).RequireAuthorization(Policies.Staff);
    }

    /// <summary><c>YYYY-MM</c>, defaulting to the current month.</summary>
    public static BillingPeriod ParseMonth(string? month, TimeProvider time)
    {
        if (month is null)
        {
            return BillingPeriod.MonthOf(time.GetUtcNow());
        }

        return DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? BillingPeriod.Month(day.Year, day.Month)
            : throw new ValidationFailedException("month", "must be YYYY-MM");
    }

    internal sealed record SignContractBody(string? Reference, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, List<LicenceBody?>? Licences, string? Reason);

    internal sealed record AmendContractBody(DateTimeOffset? EffectiveFrom, DateTimeOffset? EndsAt, List<LicenceBody?>? Licences, string? Reason);

    internal sealed record EnterpriseAccountBody(string? Name, List<TeamBody?>? Teams);

    internal sealed record EndContractBody(DateTimeOffset? EndsAt, string? Reason);
}
