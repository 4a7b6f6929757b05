using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class InvoicesAndBillingRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "excludes_partner_addons",
                schema: "invoicing",
                table: "credits",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "monthly_cap_cents",
                schema: "invoicing",
                table: "credits",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "billing_run_items",
                schema: "invoicing",
                columns: table => new
                {
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partition = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    invoice_number = table.Column<int>(type: "integer", nullable: true),
                    total_cents = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_run_items", x => new { x.run_id, x.owner_kind, x.owner_id });
                });

            migrationBuilder.CreateTable(
                name: "billing_runs",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dry_run = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    partitions = table.Column<int>(type: "integer", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<int>(type: "integer", nullable: false),
                    charges_cents = table.Column<long>(type: "bigint", nullable: false),
                    credits_cents = table.Column<long>(type: "bigint", nullable: false),
                    tax_cents = table.Column<long>(type: "bigint", nullable: false),
                    total_cents = table.Column<long>(type: "bigint", nullable: false),
                    platform_cents = table.Column<long>(type: "bigint", nullable: false),
                    database_cents = table.Column<long>(type: "bigint", nullable: false),
                    addons_cents = table.Column<long>(type: "bigint", nullable: false),
                    dyno_units = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    weighted_dyno_hours = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plan_rates",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    addon_service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cents = table.Column<long>(type: "bigint", nullable: false),
                    unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    contract = table.Column<bool>(type: "boolean", nullable: false),
                    metered = table.Column<bool>(type: "boolean", nullable: false),
                    effective_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_rates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invoice_lines",
                schema: "invoicing",
                columns: table => new
                {
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    category = table.Column<int>(type: "integer", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: true),
                    description = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    quantity_months = table.Column<decimal>(type: "numeric(18,7)", precision: 18, scale: 7, nullable: false),
                    unit_price_cents = table.Column<long>(type: "bigint", nullable: false),
                    amount_cents = table.Column<long>(type: "bigint", nullable: false),
                    explanation = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_lines", x => new { x.invoice_id, x.position });
                    table.ForeignKey(
                        name: "fk_invoice_lines_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalSchema: "invoicing",
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_billing_run_items_run_id_partition_status",
                schema: "invoicing",
                table: "billing_run_items",
                columns: new[] { "run_id", "partition", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_billing_runs_period_start_dry_run",
                schema: "invoicing",
                table: "billing_runs",
                columns: new[] { "period_start", "dry_run" });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_lines_app_id",
                schema: "invoicing",
                table: "invoice_lines",
                column: "app_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_number",
                schema: "invoicing",
                table: "invoices",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_owner_kind_owner_id_period_start",
                schema: "invoicing",
                table: "invoices",
                columns: new[] { "owner_kind", "owner_id", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_plan_rates_plan_id_effective_from",
                schema: "invoicing",
                table: "plan_rates",
                columns: new[] { "plan_id", "effective_from" });

            // A finalized invoice is immutable in the database too: only its payment status (and updated_at) may
            // change, it is never deleted, and its lines never change (ADR 0023).
            migrationBuilder.Sql(@"
CREATE FUNCTION invoicing.refuse_finalized_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'invoice % is finalized and cannot be deleted', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.number, NEW.owner_kind, NEW.owner_id, NEW.period_start, NEW.period_end, NEW.source, NEW.charges_cents, NEW.credits_cents, NEW.tax_cents, NEW.total_cents, NEW.platform_cents, NEW.database_cents, NEW.addons_cents, NEW.dyno_units, NEW.weighted_dyno_hours, NEW.created_at) IS DISTINCT FROM (OLD.number, OLD.owner_kind, OLD.owner_id, OLD.period_start, OLD.period_end, OLD.source, OLD.charges_cents, OLD.credits_cents, OLD.tax_cents, OLD.total_cents, OLD.platform_cents, OLD.database_cents, OLD.addons_cents, OLD.dyno_units, OLD.weighted_dyno_hours, OLD.created_at) THEN
        RAISE EXCEPTION 'invoice % is finalized: only its payment status may change', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER invoices_finalized_immutable BEFORE UPDATE OR DELETE ON invoicing.invoices
    FOR EACH ROW EXECUTE FUNCTION invoicing.refuse_finalized_invoice_change();
CREATE FUNCTION invoicing.refuse_invoice_line_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lines of invoices are immutable' USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE OR DELETE ON invoicing.invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoicing.refuse_invoice_line_change();
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP TRIGGER IF EXISTS invoice_lines_immutable ON invoicing.invoice_lines;
DROP TRIGGER IF EXISTS invoices_finalized_immutable ON invoicing.invoices;
DROP FUNCTION IF EXISTS invoicing.refuse_invoice_line_change();
DROP FUNCTION IF EXISTS invoicing.refuse_finalized_invoice_change();
");

            migrationBuilder.DropTable(
                name: "billing_run_items",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "billing_runs",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "invoice_lines",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "plan_rates",
                schema: "invoicing");

            migrationBuilder.DropTable(
                name: "invoices",
                schema: "invoicing");

            migrationBuilder.DropColumn(
                name: "excludes_partner_addons",
                schema: "invoicing",
                table: "credits");

            migrationBuilder.DropColumn(
                name: "monthly_cap_cents",
                schema: "invoicing",
                table: "credits");
        }
    }
}
