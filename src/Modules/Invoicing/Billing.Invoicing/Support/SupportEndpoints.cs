using System.Text.Json;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Invoicing.Support;

/// <summary>
/// Billing support tools: every line of an invoice with how it came about (price version, usage intervals down to
/// usage event ids (recomputed, ADR 0033), proration, cap, credits, rounding), adjustments with a reason, and the audit log.
/// </summary>
internal static class SupportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/admin/invoicing/invoices/{invoice_number:int}/lines", async ([FromRoute(Name = "invoice_number")] int number, InvoicingDbContext db, LineTraces traces, CancellationToken ct) =>
        {
            var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).SingleOrDefaultAsync(i => i.Number == number, ct)
                ?? throw new NotFoundException("Couldn't find that invoice.");
            var lines = invoice.Lines.OrderBy(l => l.Position).ToList();
            var explanations = await traces.ExplainAsync(invoice, lines, ct);
            return TypedResults.Ok(new InvoiceExplanation(invoice.Number, invoice.Owner.ToString(), invoice.PeriodStart, invoice.PeriodEnd, invoice.ChargesCents, invoice.CreditsCents,
                invoice.TaxCents, invoice.TotalCents, [.. lines.Select((l, n) => new ExplainedLine(
                    l.Position, l.Kind.ToString().ToLowerInvariant(), l.AppId, l.Description, l.QuantityMonths, l.UnitPriceCents, l.AmountCents, explanations[n]))]));
        }).RequireAuthorization(Policies.Staff);

        api.MapPost("/admin/invoicing/adjustments", async (AdjustmentBody body, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            var adjustment = await sender.Send(new CreateAdjustment(body.Owner ?? string.Empty, body.AmountCents ?? 0, body.Description ?? string.Empty, body.Reason ?? string.Empty, caller.TokenId), ct);
            return TypedResults.Created($"/admin/invoicing/adjustments/{adjustment.Id}", adjustment);
        }).RequireAuthorization(Policies.Staff);

        api.MapGet("/admin/invoicing/audit", async (string? subject, InvoicingDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.AuditEntries.AsNoTracking()
                .Where(e => subject == null || e.Subject == subject)
                .OrderByDescending(e => e.At).Take(500)
                .Select(e => new AuditRepresentation(e.Id, e.Actor, e.Action, e.Subject, e.Reason, e.BeforeCents, e.AfterCents, e.At))
                .ToListAsync(ct))).RequireAuthorization(Policies.Staff);
    }

    internal sealed record AdjustmentBody(string? Owner, long? AmountCents, string? Description, string? Reason);
}

internal sealed record InvoiceExplanation(int Number, string Owner, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, long ChargesCents, long CreditsCents, long TaxCents, long TotalCents, IReadOnlyList<ExplainedLine> Lines);

internal sealed record ExplainedLine(int Position, string Kind, Guid? AppId, string Description, decimal QuantityMonths, long UnitPriceCents, long AmountCents, JsonElement Explanation);

internal sealed record AuditRepresentation(Guid Id, string Actor, string Action, string Subject, string Reason, long BeforeCents, long AfterCents, DateTimeOffset At);
