using System.Text.Json;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.LegacyReplay;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Invoicing.Credits;

internal static class CreditEndpoints
{
    private const string CreditsRead = "credits.account.read";
    private const string CreditsWrite = "credits.account.write";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/account/credits", async (HttpRequest request, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            HerokuResults.List(await sender.Send(new ListCredits(caller.RequireAccount(), request.ReadRange(ListCredits.SortKeys)), ct)))
            .WithCapability(CreditsRead);

        api.MapGet("/account/credits/{credit_id}", async ([FromRoute(Name = "credit_id")] string creditId, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var id = Guid.TryParse(creditId, out var parsed) ? parsed : throw new NotFoundException("Couldn't find that credit.");
            return TypedResults.Ok(await sender.Send(new GetCredit(caller.RequireAccount(), id), ct));
        }).WithCapability(CreditsRead);

        api.MapPost("/account/credits", async (JsonElement? body, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, InvoicingDbContext db, CancellationToken ct) =>
        {
            var redeem = new RedeemCredit(caller.RequireAccount(), body?.Clone(), caller.TokenId);
            CreditRepresentation credit;
            try
            {
                credit = await sender.Send(redeem, ct);
            }
            catch (DbUpdateException conflict) when (conflict.IsUniqueViolation())
            {
                // The same redemption committed concurrently (the credit id is the key): this answer is the winner's credit.
                db.ChangeTracker.Clear();
                credit = await sender.Send(redeem, ct);
            }

            return TypedResults.Created($"/account/credits/{credit.Id}", credit);
        }).WithCapability(CreditsWrite);

        api.MapPost("/admin/accounts/{account_id:guid}/credits", async ([FromRoute(Name = "account_id")] Guid accountId, GrantCreditBody body, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var credit = await sender.Send(new GrantCredit(accountId, body.Title ?? string.Empty, body.Amount ?? 0, body.ExpiresAt, body.Reason ?? string.Empty, caller.TokenId), ct);
            return TypedResults.Created($"/account/credits/{credit.Id}", credit);
        }).RequireAuthorization(Policies.Staff);

        // Operators, when the write goes back to Legacy (docs/migration-playbook.md): redemptions made here, into legacy.
        api.MapPost("/admin/invoicing/credits/replay-to-legacy", async (ReplayBody? body, Caller caller, CreditRedemptionReplay replay, CancellationToken ct) =>
            TypedResults.Ok(await replay.ReplayAsync(body?.Reason, caller.TokenId, ct))).RequireAuthorization(Policies.Admin);
        api.MapGet("/admin/invoicing/credits/replay-to-legacy", async (CreditRedemptionReplay replay, CancellationToken ct) =>
            TypedResults.Ok(await replay.AwaitingAsync(ct))).RequireAuthorization(Policies.Admin);
    }

    internal sealed record GrantCreditBody(long? Amount, string? Title, DateTimeOffset? ExpiresAt, string? Reason);
}
