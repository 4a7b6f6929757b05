using Billing.LegacyAdapters.Billing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.UnitTests.LegacyAdapters;

/// <summary>The adapter exactly as the host registers it, with the network replaced by a fake handler and retry delays shortened.</summary>
internal static class LegacyClientHost
{
    public const int MaxRetryAttempts = 2;

    public static ServiceProvider With(FakeLegacyHandler handler, string pageSize = "2")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Legacy:Billing:BaseUrl"] = "http://legacy-billing.test/",
            ["Legacy:Billing:AdminToken"] = "legacy_admin_token",
            ["Legacy:Billing:MaxRetryAttempts"] = MaxRetryAttempts.ToString(),
            ["Legacy:Billing:RetryDelay"] = "00:00:00.001",
            ["Legacy:Billing:PageSize"] = pageSize,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLegacyBillingAdapter(configuration).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }

    public static HttpClient Client(this ServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(LegacyBillingClient.HttpClientName);
}
