namespace Billing.BuildingBlocks.Persistence;

/// <summary>The two providers schema evolution is kept for; migrations live in a namespace named after each.</summary>
public enum DatabaseProvider
{
    Postgres,
    Sqlite,
}

internal static class DatabaseProviderNames
{
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static DatabaseProvider FromEfProviderName(string? providerName) =>
        providerName == NpgsqlProvider ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    public static string MigrationsNamespaceSuffix(DatabaseProvider provider) => ".Migrations." + provider;
}
