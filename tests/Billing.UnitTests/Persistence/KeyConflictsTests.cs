using Billing.BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Billing.UnitTests.Persistence;

public sealed class KeyConflictsTests
{
    [Fact]
    public async Task A_row_inserted_twice_on_sqlite_is_a_unique_violation()
    {
        await using var db = await Scratch.OpenAsync();
        db.Rows.Add(new Row { Id = 1, Code = "A" });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        db.Rows.Add(new Row { Id = 2, Code = "A" });
        var sameCode = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.Rows.Add(new Row { Id = 1, Code = "B" });
        var sameKey = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(sameCode.IsUniqueViolation());
        Assert.True(sameKey.IsUniqueViolation());
    }

    [Fact]
    public async Task A_value_the_column_refuses_on_sqlite_is_not_a_unique_violation()
    {
        await using var db = await Scratch.OpenAsync();
        db.Rows.Add(new Row { Id = 1, Code = null! });

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.IsType<SqliteException>(refused.InnerException);
        Assert.False(refused.IsUniqueViolation());
    }

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation, true)]
    [InlineData(PostgresErrorCodes.ForeignKeyViolation, false)]
    [InlineData(PostgresErrorCodes.StringDataRightTruncation, false)]
    [InlineData(PostgresErrorCodes.SerializationFailure, false)]
    public void On_postgresql_only_the_unique_violation_state_counts(string sqlState, bool expected)
    {
        var failure = new DbUpdateException("write failed", new PostgresException("refused", "ERROR", "ERROR", sqlState));

        Assert.Equal(expected, failure.IsUniqueViolation());
    }

    [Fact]
    public void A_failure_without_a_database_error_is_not_a_unique_violation()
    {
        Assert.False(new DbUpdateException("write failed", new TimeoutException()).IsUniqueViolation());
        Assert.False(new DbUpdateException("write failed").IsUniqueViolation());
    }

    private sealed class Row
    {
        public int Id { get; set; }

        public string Code { get; set; } = string.Empty;
    }

    /// <summary>A real SQLite database in memory, with a unique index and a NOT NULL column.</summary>
    private sealed class Scratch(DbContextOptions<Scratch> options) : DbContext(options)
    {
        private SqliteConnection? connection;

        public DbSet<Row> Rows => Set<Row>();

        public static async Task<Scratch> OpenAsync()
        {
            var connection = new SqliteConnection("Data Source=:memory:");
            await connection.OpenAsync();
            var db = new Scratch(new DbContextOptionsBuilder<Scratch>().UseSqlite(connection).Options) { connection = connection };
            await db.Database.EnsureCreatedAsync();
            return db;
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Row>(row =>
            {
                row.Property(r => r.Id).ValueGeneratedNever();
                row.Property(r => r.Code).IsRequired();
                row.HasIndex(r => r.Code).IsUnique();
            });
    }
}
