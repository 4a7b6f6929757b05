namespace Billing.Licensing.Consumption;

internal sealed class ConsumptionOptions
{
    public const string Section = "Licensing:Consumption";

    /// <summary>Percentages of a licence whose crossing is announced (<c>licensing.licence_threshold_crossed.v1</c>).</summary>
    public int[] Thresholds { get; set; } = [80, 100];
}
