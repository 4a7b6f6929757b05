using Microsoft.Data.Sqlite;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>The zero-setup default for a test: no connection string, one SQLite file per module in a throwaway folder.</summary>
public abstract class SqliteHost : IAsyncLifetime
{
    protected string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "billing-sqlite-" + Guid.NewGuid().ToString("N")[..8]);

    protected BillingApiFactory Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        var settings = BillingApiFactory.DefaultSettings();
        settings["ConnectionStrings:Billing"] = string.Empty;
        settings["Database:DataDirectory"] = DataDirectory;
        Factory = new BillingApiFactory(settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
