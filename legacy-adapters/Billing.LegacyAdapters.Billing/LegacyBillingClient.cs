namespace Billing.LegacyAdapters.Billing;

internal static class LegacyBillingClient
{
    /// <summary>Name of the HttpClient behind the Refit client; tests resolve the same pipeline by it.</summary>
    public const string HttpClientName = "legacy-billing";

    public const string ResiliencePipelineName = "legacy-billing";
}
