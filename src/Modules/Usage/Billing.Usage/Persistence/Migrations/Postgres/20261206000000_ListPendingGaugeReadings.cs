using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <summary>
    /// ADR 0049: a pending batch lists the positions of its gauge readings, which a pass folds into the stored days from
    /// their neighbours. Batches pending from before keep a null list and have their series recomputed from their events.
    /// </summary>
    [DbContext(typeof(UsageDbContext))]
    [Migration("20261206000000_ListPendingGaugeReadings")]
    internal sealed class ListPendingGaugeReadings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE usage.pending_rollups ADD COLUMN gauge_seq bigint[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE usage.pending_rollups DROP COLUMN gauge_seq");
        }
    }
}
