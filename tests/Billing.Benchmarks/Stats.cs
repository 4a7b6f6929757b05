namespace Billing.Benchmarks;

/// <summary>The summaries every benchmark program prints, written once (linked into each program).</summary>
internal static class Stats
{
    /// <summary>
    /// The middle value; for an even count the mean of the two middle values. Taking the upper one instead (as the
    /// invoicing benchmark did until 2026-12-06) reports the worse of the two middle rounds of a four-round run.
    /// </summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values to summarise.", nameof(values));
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
