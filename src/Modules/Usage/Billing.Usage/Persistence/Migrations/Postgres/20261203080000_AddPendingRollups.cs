using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <summary>
    /// The intake batches whose rollups the worker has yet to recompute (ADR 0031). Not in the EF model: only raw SQL
    /// writes and reads it (intake's insert, the worker's claim), and SQLite keeps its rollups synchronous.
    /// </summary>
    [DbContext(typeof(UsageDbContext))]
    [Migration("20261203080000_AddPendingRollups")]
    internal sealed class AddPendingRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE usage.pending_rollups (
                    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_pending_rollups PRIMARY KEY,
                    owner_kind integer[] NOT NULL,
                    owner_id uuid[] NOT NULL,
                    app_id uuid[] NOT NULL,
                    metric text[] NOT NULL,
                    subject text[] NOT NULL,
                    from_at timestamptz[] NOT NULL)
                """);

            // The intake-time maintenance this replaces left out the days of a series' open stretch when a later day's
            // reading closed it (the recompute started at the new reading's day): rebuild what it stored.
            migrationBuilder.Sql("TRUNCATE usage.daily_rollups, usage.monthly_rollups;\n" + Billing.Usage.Rollups.RollupMaintenance.RebuildAll);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE usage.pending_rollups");
        }
    }
}
