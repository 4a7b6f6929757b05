using Billing.BuildingBlocks.Auth;
using Billing.Invoicing.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Billing.Invoicing.Reissuing;

/// <summary>Staff: issue the corrected invoice of a voided period (<c>owner</c>, <c>period</c> YYYY-MM, <c>reason</c>).</summary>
internal static class ReissueEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/admin/invoicing/reissues", async (ReissueBody body, Caller caller, InvoiceReissuer reissuer, CancellationToken ct) =>
        {
            var reissued = await reissuer.ReissueAsync(body.Owner, BillingMonth.TryParse(body.Period), body.Reason, caller.TokenId, ct);
            return TypedResults.Created($"/admin/invoicing/invoices/{reissued.Number}/lines", reissued);
        }).RequireAuthorization(Policies.Staff);

    internal sealed record ReissueBody(string? Owner, string? Period, string? Reason);
}
