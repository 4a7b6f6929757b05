using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class PlanMeterRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "plan_meter_rates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    plan_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    cents_per_unit = table.Column<long>(type: "INTEGER", nullable: false),
                    included_units = table.Column<long>(type: "INTEGER", nullable: false),
                    effective_from = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_meter_rates", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_plan_meter_rates_plan_id_effective_from",
                table: "plan_meter_rates",
                columns: new[] { "plan_id", "effective_from" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plan_meter_rates");
        }
    }
}
