using Npgsql;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>Reads the database directly, to assert what was (or was not) committed.</summary>
public static class Sql
{
    public static async Task<long> CountAsync(this PostgresFixture fixture, string table, string where = "true")
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {where}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static Task ExecuteAsync(this PostgresFixture fixture, string sql) => PostgresServer.ExecuteAsync(fixture.ConnectionString, sql);
}
