using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class PromoCodesAndReissues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                schema: "invoicing",
                table: "invoices");

            migrationBuilder.CreateTable(
                name: "invoice_reissues",
                schema: "invoicing",
                columns: table => new
                {
                    voided_invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    voided_number = table.Column<int>(type: "integer", nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    requested_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_reissues", x => x.voided_invoice_id);
                });

            migrationBuilder.CreateTable(
                name: "promo_codes",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code1 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    code2 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    amount_cents = table.Column<long>(type: "bigint", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promo_codes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                schema: "invoicing",
                table: "invoices",
                columns: new[] { "owner_kind", "owner_id", "period_start" },
                unique: true,
                filter: "status <> 3");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_reissues_invoice_id",
                schema: "invoicing",
                table: "invoice_reissues",
                column: "invoice_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_promo_codes_code1_code2",
                schema: "invoicing",
                table: "promo_codes",
                columns: new[] { "code1", "code2" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invoice_reissues",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "promo_codes",
                schema: "invoicing");

            migrationBuilder.DropIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                schema: "invoicing",
                table: "invoices");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                schema: "invoicing",
                table: "invoices",
                columns: new[] { "owner_kind", "owner_id", "period_start" },
                unique: true);
        }
    }
}
