using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <summary>
    /// ADR 0044: months are read as the sum of their days (the monthly table goes), and intake records counter sums
    /// per variant and day with its pending batch, which a pass adds to the stored days. Batches pending from before keep
    /// null sums and are recomputed from their events as before.
    /// </summary>
    internal partial class IncrementalCounterRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "monthly_rollups",
                schema: "usage");

            migrationBuilder.Sql("""
                ALTER TABLE usage.pending_rollups
                    ADD COLUMN counter_kind integer[], ADD COLUMN counter_owner uuid[], ADD COLUMN counter_app uuid[],
                    ADD COLUMN counter_metric text[], ADD COLUMN counter_subject text[], ADD COLUMN counter_variant text[],
                    ADD COLUMN counter_day timestamptz[], ADD COLUMN counter_total numeric[], ADD COLUMN counter_max numeric[],
                    ADD COLUMN counter_pieces bigint[]
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE usage.pending_rollups
                    DROP COLUMN counter_kind, DROP COLUMN counter_owner, DROP COLUMN counter_app, DROP COLUMN counter_metric,
                    DROP COLUMN counter_subject, DROP COLUMN counter_variant, DROP COLUMN counter_day, DROP COLUMN counter_total,
                    DROP COLUMN counter_max, DROP COLUMN counter_pieces
                """);

            migrationBuilder.CreateTable(
                name: "monthly_rollups",
                schema: "usage",
                columns: table => new
                {
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    metric = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    variant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    max_value = table.Column<decimal>(type: "numeric(20,6)", precision: 20, scale: 6, nullable: false),
                    pieces = table.Column<long>(type: "bigint", nullable: false),
                    value_total = table.Column<decimal>(type: "numeric(38,6)", precision: 38, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monthly_rollups", x => new { x.owner_id, x.owner_kind, x.app_id, x.metric, x.subject, x.variant, x.period_start });
                });

            migrationBuilder.Sql("""
                INSERT INTO usage.monthly_rollups (owner_kind, owner_id, app_id, metric, subject, variant, period_start, value_total, max_value, pieces)
                SELECT owner_kind, owner_id, app_id, metric, subject, variant, date_trunc('month', period_start, 'UTC'), sum(value_total), max(max_value), sum(pieces)
                FROM usage.daily_rollups GROUP BY owner_kind, owner_id, app_id, metric, subject, variant, 7
                """);
        }
    }
}
