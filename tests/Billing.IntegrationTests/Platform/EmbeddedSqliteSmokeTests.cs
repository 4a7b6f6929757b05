using System.Net;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Platform;

/// <summary>The zero-setup default: no connection string, one SQLite file per module, in-memory Hangfire.</summary>
public sealed class EmbeddedSqliteSmokeTests : SqliteHost
{
    [Fact]
    public async Task Runs_migrates_serves_and_delivers_events_on_sqlite()
    {
        var anonymous = ApiClients.Create(Factory, token: null);
        var admin = ApiClients.Create(Factory, BillingApiFactory.AdminToken);

        var ready = await anonymous.GetAsync("/health/ready");
        var published = await admin.PublishDynoSizeAsync("eco", cents: 500, units: 0m);
        var list = await (await admin.GetAsync("/dyno-sizes")).JsonAsync();
        var processor = Factory.Services.GetRequiredService<OutboxProcessor>();
        var licensing = Factory.Services.GetRequiredService<ModuleCatalog>().FindByName("licensing")!;
        var delivered = await processor.ProcessBatchAsync(licensing, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal("eco", Assert.Single(list.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(1, delivered);
        foreach (var module in new[] { "usage", "licensing", "invoicing", "payments", "access", "strangler" })
        {
            Assert.True(File.Exists(Path.Combine(DataDirectory, module + ".db")), module);
        }

        await using var invoicing = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "invoicing.db")}");
        await invoicing.OpenAsync();
        await using var count = new SqliteCommand("SELECT count(*) FROM dyno_size_rates WHERE name = 'eco'", invoicing);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }
}
