using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>
/// The real host, in process, against the given database settings. The outbox dispatcher, the usage rollup worker and the
/// Hangfire server are off so tests drive delivery themselves and see deterministic state.
/// </summary>
public sealed class BillingApiFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token";

    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Auth:BootstrapAdminToken"] = AdminToken,
        ["Auth:CacheDuration"] = "00:00:00.001",
        ["Messaging:DispatcherEnabled"] = "false",
        ["Usage:Rollups:WorkerEnabled"] = "false",
        ["Jobs:ServerEnabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:Console:FormatterName"] = "simple",
        // Module behaviour is tested with the new code serving and no legacy service behind the host;
        // the strangler tests switch these back and start the real legacy stand-ins.
        ["Strangler:Services:billing:BaseUrl"] = string.Empty,
        ["Strangler:Services:metering:BaseUrl"] = string.Empty,
        ["Strangler:Capabilities:pricing.dyno-sizes.read:Mode"] = "New",
        ["Strangler:Capabilities:credits.account.read:Mode"] = "New",
        ["Strangler:Capabilities:invoices.account.read:Mode"] = "New",
        ["Strangler:Capabilities:invoices.team.read:Mode"] = "New",
        ["Strangler:Capabilities:invoice-address.account.read:Mode"] = "New",
        ["Strangler:Capabilities:invoice-address.account.write:Mode"] = "New",
        ["Strangler:Capabilities:credits.account.write:Mode"] = "New",
        ["Strangler:Capabilities:pricing.addon-services.read:Mode"] = "New",
        ["Strangler:Capabilities:pricing.plans.read:Mode"] = "New",
        ["Strangler:Capabilities:usage.events.ingest:Mode"] = "New",
        ["Strangler:Capabilities:usage.reports.read:Mode"] = "New",
        ["Strangler:Capabilities:usage.addon-usage.read:Mode"] = "New",
        ["Strangler:Capabilities:usage.eco-quota.read:Mode"] = "New",
        ["Strangler:OverridePollInterval"] = "00:00:00.100",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
