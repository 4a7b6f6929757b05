using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class UsageRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "daily_rollups",
                schema: "usage",
                columns: table => new
                {
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    metric = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    variant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    value_total = table.Column<decimal>(type: "numeric(38,6)", precision: 38, scale: 6, nullable: false),
                    max_value = table.Column<decimal>(type: "numeric(20,6)", precision: 20, scale: 6, nullable: false),
                    pieces = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_rollups", x => new { x.owner_id, x.owner_kind, x.app_id, x.metric, x.subject, x.variant, x.period_start });
                });

            migrationBuilder.CreateTable(
                name: "monthly_rollups",
                schema: "usage",
                columns: table => new
                {
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    metric = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    variant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    value_total = table.Column<decimal>(type: "numeric(38,6)", precision: 38, scale: 6, nullable: false),
                    max_value = table.Column<decimal>(type: "numeric(20,6)", precision: 20, scale: 6, nullable: false),
                    pieces = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monthly_rollups", x => new { x.owner_id, x.owner_kind, x.app_id, x.metric, x.subject, x.variant, x.period_start });
                });

            // Rollups of the events already stored (e.g. the legacy backfill), as if each had just arrived.
            migrationBuilder.Sql(Billing.Usage.Rollups.RollupMaintenance.RebuildAll);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_rollups",
                schema: "usage");

            migrationBuilder.DropTable(
                name: "monthly_rollups",
                schema: "usage");
        }
    }
}
