using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class ConsumptionBehindUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "usage_changed_at",
                table: "licence_consumption",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "usage_changed_at",
                table: "licence_consumption");
        }
    }
}
