namespace Billing.Licensing.PriceBook;

/// <summary>The strangler capabilities the price-book reads are switched by (Strangler:Capabilities in appsettings).</summary>
internal static class PricingCapabilities
{
    public const string DynoSizesRead = "pricing.dyno-sizes.read";
    public const string AddonServicesRead = "pricing.addon-services.read";
    public const string PlansRead = "pricing.plans.read";
}
