using System.Globalization;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Mediation;

namespace Billing.Invoicing.Domain;

/// <summary>A billing period as staff endpoints take it: a calendar month written <c>YYYY-MM</c>.</summary>
internal static class BillingMonth
{
    /// <summary>Null for text that is not a month, and for 9999-12, whose end (year 10000) no date can hold (it was a 500).</summary>
    public static BillingPeriod? TryParse(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month < LastMonth
            ? BillingPeriod.Month(month.Year, month.Month)
            : null;

    private static readonly DateTime LastMonth = new(9999, 12, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static BillingPeriod Parse(string? text) =>
        TryParse(text) ?? throw new ValidationFailedException([new FieldError("period", "must be a calendar month, YYYY-MM")]);
}
