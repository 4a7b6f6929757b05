using Billing.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Billing.Invoicing.PaymentStatus;

internal static class PaymentStatusEndpoints
{
    /// <summary>On-demand sync with legacy payments (staff), e.g. after a customer says they paid.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/admin/invoicing/payment-status/sync", async (LegacyPaymentStatusSync sync, CancellationToken ct) =>
            TypedResults.Ok(await sync.SyncAsync(ct))).RequireAuthorization(Policies.Staff);
}
