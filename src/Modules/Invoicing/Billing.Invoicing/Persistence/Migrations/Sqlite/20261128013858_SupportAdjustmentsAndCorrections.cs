using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class SupportAdjustmentsAndCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    before_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    after_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pending_usage_corrections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    period_end = table.Column<long>(type: "INTEGER", nullable: false),
                    late_events = table.Column<int>(type: "INTEGER", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    settled_on_invoice_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    settled_cents = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_usage_corrections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "support_adjustments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    applied_to_invoice_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_support_adjustments", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_at",
                table: "audit_entries",
                columns: new[] { "subject", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_pending_usage_corrections_owner_kind_owner_id_period_start_settled_on_invoice_id",
                table: "pending_usage_corrections",
                columns: new[] { "owner_kind", "owner_id", "period_start", "settled_on_invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_support_adjustments_owner_kind_owner_id_applied_to_invoice_id",
                table: "support_adjustments",
                columns: new[] { "owner_kind", "owner_id", "applied_to_invoice_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "pending_usage_corrections");

            migrationBuilder.DropTable(
                name: "support_adjustments");
        }
    }
}
