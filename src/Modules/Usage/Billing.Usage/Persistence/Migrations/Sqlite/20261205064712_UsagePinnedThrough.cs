using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class UsagePinnedThrough : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "usage_through",
                table: "closed_periods",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "usage_through",
                table: "closed_periods");
        }
    }
}
