using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class UsageRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "daily_rollups",
                columns: table => new
                {
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    app_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    metric = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    variant = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    value_total = table.Column<decimal>(type: "TEXT", precision: 38, scale: 6, nullable: false),
                    max_value = table.Column<decimal>(type: "TEXT", precision: 20, scale: 6, nullable: false),
                    pieces = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_rollups", x => new { x.owner_id, x.owner_kind, x.app_id, x.metric, x.subject, x.variant, x.period_start });
                });

            migrationBuilder.CreateTable(
                name: "monthly_rollups",
                columns: table => new
                {
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    app_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    metric = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    variant = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    value_total = table.Column<decimal>(type: "TEXT", precision: 38, scale: 6, nullable: false),
                    max_value = table.Column<decimal>(type: "TEXT", precision: 20, scale: 6, nullable: false),
                    pieces = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monthly_rollups", x => new { x.owner_id, x.owner_kind, x.app_id, x.metric, x.subject, x.variant, x.period_start });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_rollups");

            migrationBuilder.DropTable(
                name: "monthly_rollups");
        }
    }
}
