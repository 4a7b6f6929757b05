using Billing.Invoicing.Domain;

namespace Billing.Invoicing.Invoices;

/// <summary>
/// The <c>invoice</c> resource: money in cents as JSON numbers with one decimal (<c>2500.0</c>), as legacy and
/// the contract encode it; periods <c>MM/DD/YYYY</c> (first and last day); integer <c>state</c>.
/// </summary>
internal sealed record InvoiceRepresentation(
    decimal ChargesTotal,
    DateTimeOffset CreatedAt,
    decimal CreditsTotal,
    Guid Id,
    int Number,
    string PeriodEnd,
    string PeriodStart,
    int State,
    decimal Total,
    DateTimeOffset UpdatedAt)
{
    public static InvoiceRepresentation From(Invoice i) =>
        new(OneDecimal(i.ChargesCents), i.CreatedAt, OneDecimal(i.CreditsCents), i.Id, i.Number, PeriodDates.End(i), PeriodDates.Start(i), i.HerokuState, OneDecimal(i.TotalCents), i.UpdatedAt);

    private static decimal OneDecimal(long cents) => cents + 0.0m;
}

/// <summary>The <c>team-invoice</c> resource: money as integer cents, the platform / database / add-ons break-down and dyno figures.</summary>
internal sealed record TeamInvoiceRepresentation(
    long AddonsTotal,
    long DatabaseTotal,
    long ChargesTotal,
    DateTimeOffset CreatedAt,
    long CreditsTotal,
    decimal DynoUnits,
    Guid Id,
    int Number,
    string PaymentStatus,
    string PeriodEnd,
    string PeriodStart,
    long PlatformTotal,
    int State,
    long Total,
    DateTimeOffset UpdatedAt,
    decimal WeightedDynoHours)
{
    public static TeamInvoiceRepresentation From(Invoice i) =>
        new(i.AddonsCents, i.DatabaseCents, i.ChargesCents, i.CreatedAt, i.CreditsCents, i.DynoUnits, i.Id, i.Number,
            i.Status switch { InvoiceStatus.Paid => "Paid", InvoiceStatus.Failed => "Failed", InvoiceStatus.Void => "Void", _ => "Pending" },
            PeriodDates.End(i), PeriodDates.Start(i), i.PlatformCents, i.HerokuState, i.TotalCents, i.UpdatedAt, i.WeightedDynoHours);
}

internal static class PeriodDates
{
    public static string Start(Invoice invoice) => invoice.PeriodStart.UtcDateTime.ToString("MM/dd/yyyy");

    /// <summary>The last day inside the half-open period.</summary>
    public static string End(Invoice invoice) => invoice.PeriodEnd.UtcDateTime.AddDays(-1).ToString("MM/dd/yyyy");
}
