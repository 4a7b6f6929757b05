using Npgsql;
using NpgsqlTypes;

namespace Billing.Usage.Persistence;

/// <summary>A typed binary array parameter, for SQL that reads a batch back with <c>unnest(...)</c>.</summary>
internal static class ArrayParameters
{
    public static void AddArray<T>(this NpgsqlCommand command, string name, NpgsqlDbType elementType, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | elementType) { TypedValue = values });
}
