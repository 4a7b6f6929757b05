using System.Globalization;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Http;

namespace Billing.Usage.Reports;

/// <summary>One row of a usage report: a UTC day (<c>date</c>) or calendar month (<c>month</c>) and its label.</summary>
internal sealed record ReportPeriod(BillingPeriod Period, string LabelKey, string Label)
{
    public bool Monthly => LabelKey == "month";
}

/// <summary>
/// Reads <c>start</c>/<c>end</c> as legacy does: daily <c>YYYY-MM-DD</c>, at most 31 days counting both ends, end
/// defaults to start; monthly <c>YYYY-MM</c>, at most 120 months, end defaults to start. Errors are 422
/// <c>invalid_params</c> with legacy's messages.
/// </summary>
internal static class ReportPeriods
{
    public const int MaxDays = 31;
    public const int MaxMonths = 120;

    public static IReadOnlyList<ReportPeriod> Daily(string? start, string? end)
    {
        var first = ParseDay(start, "start") ?? throw new InvalidParamsException("start is required and must be a date in the form YYYY-MM-DD.");
        var last = ParseDay(end, "end") ?? first;
        if (last < first)
        {
            throw new InvalidParamsException("end must not be before start.");
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            throw new InvalidParamsException($"The date range may span at most {MaxDays} days (start and end inclusive).");
        }

        return Enumerable.Range(0, last.DayNumber - first.DayNumber + 1)
            .Select(i => first.AddDays(i))
            .Select(d => new ReportPeriod(BillingPeriod.Day(d), "date", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .ToList();
    }

    public static IReadOnlyList<ReportPeriod> Monthly(string? start, string? end)
    {
        var first = ParseMonth(start, "start") ?? throw new InvalidParamsException("start is required and must be a month in the form YYYY-MM.");
        var last = ParseMonth(end, "end") ?? first;
        var count = ((last.Year - first.Year) * 12) + last.Month - first.Month + 1;
        if (count < 1)
        {
            throw new InvalidParamsException("end must not be before start.");
        }

        if (count > MaxMonths)
        {
            throw new InvalidParamsException($"The month range may span at most {MaxMonths} months.");
        }

        return Enumerable.Range(0, count)
            .Select(i => first.AddMonths(i))
            .Select(m => new ReportPeriod(BillingPeriod.Month(m.Year, m.Month), "month", m.ToString("yyyy-MM", CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static DateOnly? ParseDay(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && text.All(c => c == '-' || char.IsAsciiDigit(c))
            ? day
            : throw new InvalidParamsException($"{name} must be a date in the form YYYY-MM-DD, got {Quoted(text)}.");
    }

    private static DateOnly? ParseMonth(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && text.Length == 7 && text.All(c => c == '-' || char.IsAsciiDigit(c))
            ? month
            : throw new InvalidParamsException($"{name} must be a month in the form YYYY-MM, got {Quoted(text)}.");
    }

    /// <summary>Legacy quotes the bad value the way Elixir's <c>inspect</c> prints a string.</summary>
    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
