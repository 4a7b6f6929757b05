using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class SupportAdjustmentsAndCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    before_cents = table.Column<long>(type: "bigint", nullable: false),
                    after_cents = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pending_usage_corrections",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    late_events = table.Column<int>(type: "integer", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    settled_on_invoice_id = table.Column<Guid>(type: "uuid", nullable: true),
                    settled_cents = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_usage_corrections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "support_adjustments",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount_cents = table.Column<long>(type: "bigint", nullable: false),
                    description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_to_invoice_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_support_adjustments", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_at",
                schema: "invoicing",
                table: "audit_entries",
                columns: new[] { "subject", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_pending_usage_corrections_owner_kind_owner_id_period_start_",
                schema: "invoicing",
                table: "pending_usage_corrections",
                columns: new[] { "owner_kind", "owner_id", "period_start", "settled_on_invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_support_adjustments_owner_kind_owner_id_applied_to_invoice_",
                schema: "invoicing",
                table: "support_adjustments",
                columns: new[] { "owner_kind", "owner_id", "applied_to_invoice_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "pending_usage_corrections",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "support_adjustments",
                schema: "invoicing");
        }
    }
}
