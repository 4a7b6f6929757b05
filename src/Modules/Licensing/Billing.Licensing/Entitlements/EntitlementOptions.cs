namespace Billing.Licensing.Entitlements;

internal sealed class EntitlementOptions
{
    public const string Section = "Licensing:Entitlements";

    /// <summary>The longest an owner's snapshot is served before it is reloaded, whatever events said.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(5);
}
