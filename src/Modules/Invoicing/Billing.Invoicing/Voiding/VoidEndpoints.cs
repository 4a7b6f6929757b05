using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Invoicing.Voiding;

/// <summary>Void with a credit note (staff), and the credit note itself with the invoice's lines negated.</summary>
internal static class VoidEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/admin/invoicing/invoices/{invoice_number:int}/void", async ([FromRoute(Name = "invoice_number")] int number, VoidBody? body, Caller caller,
            [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var note = await sender.Send(new VoidInvoice(number, body?.Reason ?? string.Empty, caller.TokenId), ct);
            return TypedResults.Created($"/admin/invoicing/credit-notes/{note.Number}", note);
        }).RequireAuthorization(Policies.Staff);

        api.MapGet("/admin/invoicing/credit-notes/{credit_note_number:int}", async ([FromRoute(Name = "credit_note_number")] int number, InvoicingDbContext db, CancellationToken ct) =>
        {
            var note = await db.CreditNotes.AsNoTracking().SingleOrDefaultAsync(n => n.Number == number, ct)
                ?? throw new NotFoundException("Couldn't find that credit note.");
            var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == note.InvoiceId, ct);
            return TypedResults.Ok(CreditNoteRepresentation.From(note, invoice, invoice.Lines));
        }).RequireAuthorization(Policies.Staff);
    }

    internal sealed record VoidBody(string? Reason);
}

/// <summary>A credit note: its own number, the invoice it reverses (number and new state), the negative total, and the lines reversed.</summary>
internal sealed record CreditNoteRepresentation(
    int Number, Guid Id, int InvoiceNumber, Guid InvoiceId, int InvoiceState, string Owner, long TotalCents, long AccountCreditCents, Guid? AccountCreditId,
    string Reason, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<CreditNoteLine> Lines)
{
    public static CreditNoteRepresentation From(CreditNote note, Invoice invoice, IEnumerable<InvoiceLine> lines) =>
        new(note.Number, note.Id, note.InvoiceNumber, note.InvoiceId, invoice.HerokuState, note.Owner.ToString(), note.TotalCents, note.AccountCreditCents, note.AccountCreditId,
            note.Reason, note.CreatedBy, note.CreatedAt,
            [.. lines.OrderBy(l => l.Position).Select(l => new CreditNoteLine(l.Position, l.Kind.ToString().ToLowerInvariant(), l.Description, -l.AmountCents))]);
}

internal sealed record CreditNoteLine(int InvoiceLinePosition, string Kind, string Description, long AmountCents);
