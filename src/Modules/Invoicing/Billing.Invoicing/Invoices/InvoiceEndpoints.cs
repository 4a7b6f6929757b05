using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Invoicing.Invoices;

/// <summary>Heroku's invoice reads: <c>/account/invoices[/{number}]</c> and <c>/teams/{team}/invoices[/{number}]</c>.</summary>
internal static class InvoiceEndpoints
{
    public const string AccountInvoicesRead = "invoices.account.read";
    public const string TeamInvoicesRead = "invoices.team.read";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/account/invoices", async (HttpRequest request, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var page = await sender.Send(new ListInvoices(BillableOwner.Account(caller.RequireAccount()), request.ReadRange(InvoiceSortKeys.All)), ct);
            return HerokuResults.List(page.Map(InvoiceRepresentation.From));
        }).WithCapability(AccountInvoicesRead);

        api.MapGet("/account/invoices/{invoice_number}", async ([FromRoute(Name = "invoice_number")] string number, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(InvoiceRepresentation.From(await sender.Send(new GetInvoice(BillableOwner.Account(caller.RequireAccount()), number), ct))))
            .WithCapability(AccountInvoicesRead);

        api.MapGet("/teams/{team}/invoices", async ([FromRoute(Name = "team")] string team, HttpRequest request, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var owner = await sender.Send(new FindTeam(team, caller), ct);
            var page = await sender.Send(new ListInvoices(owner, request.ReadRange(InvoiceSortKeys.All)), ct);
            return HerokuResults.List(page.Map(TeamInvoiceRepresentation.From));
        }).WithCapability(TeamInvoicesRead);

        api.MapGet("/teams/{team}/invoices/{invoice_number}", async ([FromRoute(Name = "team")] string team, [FromRoute(Name = "invoice_number")] string number, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var owner = await sender.Send(new FindTeam(team, caller), ct);
            return TypedResults.Ok(TeamInvoiceRepresentation.From(await sender.Send(new GetInvoice(owner, number), ct)));
        }).WithCapability(TeamInvoicesRead);
    }
}
