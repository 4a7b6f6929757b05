using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class EcoPlanAndIncludedUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "included_units",
                schema: "licensing",
                table: "price_versions",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "included_units",
                schema: "licensing",
                table: "price_versions");
        }
    }
}
