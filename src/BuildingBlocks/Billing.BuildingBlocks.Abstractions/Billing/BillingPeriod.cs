namespace Billing.BuildingBlocks.Abstractions.Billing;

/// <summary>
/// A half-open UTC interval <c>[Start, End)</c>. Billing periods are calendar months in UTC; daily report
/// rows are UTC days. Both ends must be UTC (offset zero) and End must be after Start.
/// </summary>
public readonly record struct BillingPeriod
{
    [System.Text.Json.Serialization.JsonConstructor]
    public BillingPeriod(DateTimeOffset start, DateTimeOffset end)
    {
        if (start.Offset != TimeSpan.Zero || end.Offset != TimeSpan.Zero)
        {
            throw new ArgumentException("Billing periods are UTC instants.");
        }

        if (end <= start)
        {
            throw new ArgumentException($"A period ends after it starts ({start:O} .. {end:O}).");
        }

        Start = start;
        End = end;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public long Seconds => (long)(End - Start).TotalSeconds;

    public static BillingPeriod Month(int year, int month)
    {
        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return new BillingPeriod(start, start.AddMonths(1));
    }

    /// <summary>The calendar month (UTC) that contains <paramref name="instant"/>.</summary>
    public static BillingPeriod MonthOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return Month(utc.Year, utc.Month);
    }

    public static BillingPeriod Day(DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new BillingPeriod(start, start.AddDays(1));
    }

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary>Whole seconds of <c>[from, to)</c> inside this period; 0 when they do not overlap.</summary>
    public long OverlapSeconds(DateTimeOffset from, DateTimeOffset to)
    {
        var start = from > Start ? from : Start;
        var end = to < End ? to : End;
        return end > start ? (long)(end - start).TotalSeconds : 0;
    }

    public override string ToString() => $"[{Start:yyyy-MM-ddTHH:mm:ssZ}, {End:yyyy-MM-ddTHH:mm:ssZ})";
}
