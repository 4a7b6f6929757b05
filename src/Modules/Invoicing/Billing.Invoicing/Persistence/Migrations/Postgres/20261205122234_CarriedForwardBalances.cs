using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class CarriedForwardBalances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "carried_from_invoice_id",
                schema: "invoicing",
                table: "support_adjustments",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_support_adjustments_carried_from_invoice_id",
                schema: "invoicing",
                table: "support_adjustments",
                column: "carried_from_invoice_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_support_adjustments_carried_from_invoice_id",
                schema: "invoicing",
                table: "support_adjustments");

            migrationBuilder.DropColumn(
                name: "carried_from_invoice_id",
                schema: "invoicing",
                table: "support_adjustments");
        }
    }
}
