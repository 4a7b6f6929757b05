using Npgsql;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>Reads the database directly, to assert what was (or was not) committed.</summary>
public static class Sql
{
    public static Task<long> CountAsync(this PostgresFixture fixture, string table, string where = "true") =>
        fixture.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {where}");

    /// <summary>The single value <paramref name="sql"/> answers, on a connection of its own.</summary>
    public static async Task<T> ScalarAsync<T>(this PostgresFixture fixture, string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static Task ExecuteAsync(this PostgresFixture fixture, string sql) => PostgresServer.ExecuteAsync(fixture.ConnectionString, sql);

    /// <summary>PostgreSQL's plan for <paramref name="explain"/> (an <c>EXPLAIN</c> command), a line each.</summary>
    public static async Task<List<string>> PlanAsync(this NpgsqlCommand explain)
    {
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }
}
