using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class UsagePinnedThrough : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "usage_through",
                schema: "usage",
                table: "closed_periods",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "usage_through",
                schema: "usage",
                table: "closed_periods");
        }
    }
}
