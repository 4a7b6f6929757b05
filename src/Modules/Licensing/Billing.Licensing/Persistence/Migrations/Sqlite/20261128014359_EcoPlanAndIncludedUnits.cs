using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class EcoPlanAndIncludedUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "included_units",
                table: "price_versions",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "included_units",
                table: "price_versions");
        }
    }
}
