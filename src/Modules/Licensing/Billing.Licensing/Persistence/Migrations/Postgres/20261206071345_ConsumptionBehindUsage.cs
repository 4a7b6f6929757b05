using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class ConsumptionBehindUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "usage_changed_at",
                schema: "licensing",
                table: "licence_consumption",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "usage_changed_at",
                schema: "licensing",
                table: "licence_consumption");
        }
    }
}
