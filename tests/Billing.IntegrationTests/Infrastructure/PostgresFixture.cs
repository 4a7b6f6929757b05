using Npgsql;
using Respawn;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>
/// One PostgreSQL cluster and one migrated host for the whole run; Respawn empties the module
/// schemas before each test (migration history and Hangfire's schema are left alone).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly string[] ModuleSchemas = ["usage", "licensing", "invoicing", "payments", "access", "strangler"];
    private Respawner? _respawner;

    public PostgresServer Server { get; private set; } = null!;

    public BillingApiFactory Factory { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartAsync();
        await PostgresServer.ExecuteAsync(Server.ConnectionString("postgres"), "CREATE DATABASE billing_tests");

        ConnectionString = Server.ConnectionString("billing_tests");
        Factory = CreateFactory();
        _ = Factory.Server; // starts the host, which applies the migrations
    }

    /// <summary>A host on this database with extra settings (e.g. a small rate-limit budget).</summary>
    public BillingApiFactory CreateFactory(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = BillingApiFactory.DefaultSettings();
        settings["ConnectionStrings:Billing"] = ConnectionString;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new BillingApiFactory(settings);
    }

    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ModuleSchemas,
            TablesToIgnore = [new Respawn.Graph.Table("__ef_migrations_history")],
        });
        await _respawner.ResetAsync(connection);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>, ICollectionFixture<LegacyStandIns>
{
    public const string Name = "postgres";
}
