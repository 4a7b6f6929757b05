using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class PromoCodesAndReissues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                table: "invoices");

            migrationBuilder.CreateTable(
                name: "invoice_reissues",
                columns: table => new
                {
                    voided_invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    voided_number = table.Column<int>(type: "INTEGER", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_reissues", x => x.voided_invoice_id);
                });

            migrationBuilder.CreateTable(
                name: "promo_codes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code1 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    code2 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    amount_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promo_codes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                table: "invoices",
                columns: new[] { "owner_kind", "owner_id", "period_start" },
                unique: true,
                filter: "status <> 3");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_reissues_invoice_id",
                table: "invoice_reissues",
                column: "invoice_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_promo_codes_code1_code2",
                table: "promo_codes",
                columns: new[] { "code1", "code2" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invoice_reissues");

            migrationBuilder.DropTable(
                name: "promo_codes");

            migrationBuilder.DropIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                table: "invoices");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                table: "invoices",
                columns: new[] { "owner_kind", "owner_id", "period_start" },
                unique: true);
        }
    }
}
