namespace Billing.Licensing.Consumption;

internal sealed class ConsumptionOptions
{
    public const string Section = "Licensing:Consumption";

    /// <summary>Percentages of a licence whose crossing is announced (<c>licensing.licence_threshold_crossed.v1</c>).</summary>
    public int[] Thresholds { get; set; } = [80, 100];

    /// <summary>
    /// How old a measurement of the running month may be when positions are read (a preview, support's view) before the
    /// account is measured again; a month that is over is always read as measured after its end (ADR 0054).
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A team measured less than this long ago is not measured again when more of its usage is announced: its figure is
    /// marked behind, and the refresh job (every minute) or the next read of its positions measures it (ADR 0055).
    /// Zero measures on every announcement.
    /// </summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(30);
}
