using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class InvoicesAndBillingRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "excludes_partner_addons",
                table: "credits",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "monthly_cap_cents",
                table: "credits",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "billing_run_items",
                columns: table => new
                {
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    partition = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    invoice_number = table.Column<int>(type: "INTEGER", nullable: true),
                    total_cents = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_run_items", x => new { x.run_id, x.owner_kind, x.owner_id });
                });

            migrationBuilder.CreateTable(
                name: "billing_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    period_end = table.Column<long>(type: "INTEGER", nullable: false),
                    dry_run = table.Column<bool>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    partitions = table.Column<int>(type: "INTEGER", nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    period_end = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    charges_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    credits_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    tax_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    total_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    platform_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    database_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    addons_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    dyno_units = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    weighted_dyno_hours = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plan_rates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    plan_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    addon_service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    cents = table.Column<long>(type: "INTEGER", nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    contract = table.Column<bool>(type: "INTEGER", nullable: false),
                    metered = table.Column<bool>(type: "INTEGER", nullable: false),
                    effective_from = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_rates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invoice_lines",
                columns: table => new
                {
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    category = table.Column<int>(type: "INTEGER", nullable: false),
                    app_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    quantity_months = table.Column<decimal>(type: "TEXT", precision: 18, scale: 7, nullable: false),
                    unit_price_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    amount_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    explanation = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_lines", x => new { x.invoice_id, x.position });
                    table.ForeignKey(
                        name: "fk_invoice_lines_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_billing_run_items_run_id_partition_status",
                table: "billing_run_items",
                columns: new[] { "run_id", "partition", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_billing_runs_period_start_dry_run",
                table: "billing_runs",
                columns: new[] { "period_start", "dry_run" });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_lines_app_id",
                table: "invoice_lines",
                column: "app_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_number",
                table: "invoices",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                table: "invoices",
                columns: new[] { "owner_kind", "owner_id", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_plan_rates_plan_id_effective_from",
                table: "plan_rates",
                columns: new[] { "plan_id", "effective_from" });

            // A finalized invoice is immutable in the database too (ADR 0023).
            migrationBuilder.Sql(@"
CREATE TRIGGER invoices_finalized_immutable BEFORE UPDATE ON invoices
WHEN NEW.number IS NOT OLD.number OR NEW.owner_kind IS NOT OLD.owner_kind OR NEW.owner_id IS NOT OLD.owner_id OR NEW.period_start IS NOT OLD.period_start OR NEW.period_end IS NOT OLD.period_end OR NEW.source IS NOT OLD.source OR NEW.charges_cents IS NOT OLD.charges_cents OR NEW.credits_cents IS NOT OLD.credits_cents OR NEW.tax_cents IS NOT OLD.tax_cents OR NEW.total_cents IS NOT OLD.total_cents OR NEW.platform_cents IS NOT OLD.platform_cents OR NEW.database_cents IS NOT OLD.database_cents OR NEW.addons_cents IS NOT OLD.addons_cents OR NEW.dyno_units IS NOT OLD.dyno_units OR NEW.weighted_dyno_hours IS NOT OLD.weighted_dyno_hours OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'invoice is finalized: only its payment status may change'); END;
");
            migrationBuilder.Sql(@"
CREATE TRIGGER invoices_never_deleted BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoice is finalized and cannot be deleted'); END;
");
            migrationBuilder.Sql(@"
CREATE TRIGGER invoice_lines_never_updated BEFORE UPDATE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'lines of invoices are immutable'); END;
");
            migrationBuilder.Sql(@"
CREATE TRIGGER invoice_lines_never_deleted BEFORE DELETE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'lines of invoices are immutable'); END;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS invoices_finalized_immutable;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS invoices_never_deleted;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS invoice_lines_never_updated;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS invoice_lines_never_deleted;");

            migrationBuilder.DropTable(
                name: "billing_run_items");

            migrationBuilder.DropTable(
                name: "billing_runs");

            migrationBuilder.DropTable(
                name: "invoice_lines");

            migrationBuilder.DropTable(
                name: "plan_rates");

            migrationBuilder.DropTable(
                name: "invoices");

            migrationBuilder.DropColumn(
                name: "excludes_partner_addons",
                table: "credits");

            migrationBuilder.DropColumn(
                name: "monthly_cap_cents",
                table: "credits");
        }
    }
}
