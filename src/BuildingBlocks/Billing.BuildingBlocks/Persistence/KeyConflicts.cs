using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Billing.BuildingBlocks.Persistence;

/// <summary>
/// Tells a write that lost a race on a unique key (another request inserted the same row first) from any other
/// failed write, on either provider. Only the former may be answered by reading the winner's row or by writing
/// again; a value the column refuses, a broken foreign key or a lost connection must surface as what it is.
/// </summary>
public static class KeyConflicts
{
    // SQLite: SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE (extended result codes).
    private const int SqlitePrimaryKey = 1555;
    private const int SqliteUnique = 2067;

    public static bool IsUniqueViolation(this DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqlitePrimaryKey or SqliteUnique,
            _ => false,
        };
    }
}
