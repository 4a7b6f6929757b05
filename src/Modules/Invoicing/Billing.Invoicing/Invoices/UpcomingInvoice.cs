using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Issuing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Billing.Invoicing.Invoices;

/// <summary>
/// The draft of the lifecycle: the current month rated from the usage known so far, never stored. Not a Heroku
/// endpoint (legacy has none), so it carries no strangler capability.
/// </summary>
internal static class UpcomingInvoice
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/account/upcoming-invoice", async (Caller caller, OwnerRating rating, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var month = BillingPeriod.MonthOf(now);
            RatedInvoice rated;
            try
            {
                rated = await rating.RateAsync(BillableOwner.Account(caller.RequireAccount()), month, ct);
            }
            catch (UnratableUsageException unpriced)
            {
                // Not the customer's doing and not a crash: the price book lacks a price the usage needs (the run
                // isolates and retries such an owner the same way). Say so, and that nothing is lost.
                throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorIds.Unavailable,
                    $"Your upcoming invoice can't be previewed yet: {unpriced.Message} Your usage is recorded and will be billed once it is priced; try again later.");
            }

            return TypedResults.Ok(new UpcomingInvoiceRepresentation(
                month.Start.UtcDateTime.ToString("MM/dd/yyyy"), month.End.UtcDateTime.AddDays(-1).ToString("MM/dd/yyyy"), now,
                rated.ChargesCents, rated.CreditsCents, rated.TaxCents, rated.TotalCents,
                [.. rated.Lines.Select(l => new UpcomingLine(l.Kind.ToString().ToLowerInvariant(), l.AppId, l.Description,
                    l.Kind is LineKind.Dyno or LineKind.Addon ? $"{l.QuantityMonths:0.0######} months × ${l.UnitPriceCents / 100m:0.00}/month" : null, l.AmountCents))]));
        });
}

internal sealed record UpcomingInvoiceRepresentation(
    string PeriodStart, string PeriodEnd, DateTimeOffset AsOf, long ChargesTotal, long CreditsTotal, long TaxTotal, long Total, IReadOnlyList<UpcomingLine> Lines);

/// <param name="Quantity">Heroku's "&lt;fraction&gt; months × &lt;price&gt;/month" for prorated lines.</param>
internal sealed record UpcomingLine(string Kind, Guid? AppId, string Description, string? Quantity, long AmountCents);
