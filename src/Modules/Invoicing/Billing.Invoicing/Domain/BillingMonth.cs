using System.Globalization;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Mediation;

namespace Billing.Invoicing.Domain;

/// <summary>A billing period as staff endpoints take it: a calendar month written <c>YYYY-MM</c>.</summary>
internal static class BillingMonth
{
    public static BillingPeriod? TryParse(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? BillingPeriod.Month(month.Year, month.Month)
            : null;

    public static BillingPeriod Parse(string? text) =>
        TryParse(text) ?? throw new ValidationFailedException([new FieldError("period", "must be a calendar month, YYYY-MM")]);
}
