using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class UsagePinnedThrough : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "usage_through",
                schema: "invoicing",
                table: "invoices",
                type: "bigint",
                nullable: true);

            // The position is what the invoice's explanations are recomputed from: as immutable as its amounts.
            migrationBuilder.Sql(@"
CREATE OR REPLACE FUNCTION invoicing.refuse_finalized_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'invoice % is finalized and cannot be deleted', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.number, NEW.owner_kind, NEW.owner_id, NEW.period_start, NEW.period_end, NEW.source, NEW.charges_cents, NEW.credits_cents, NEW.tax_cents, NEW.total_cents, NEW.platform_cents, NEW.database_cents, NEW.addons_cents, NEW.dyno_units, NEW.weighted_dyno_hours, NEW.created_at, NEW.usage_through) IS DISTINCT FROM (OLD.number, OLD.owner_kind, OLD.owner_id, OLD.period_start, OLD.period_end, OLD.source, OLD.charges_cents, OLD.credits_cents, OLD.tax_cents, OLD.total_cents, OLD.platform_cents, OLD.database_cents, OLD.addons_cents, OLD.dyno_units, OLD.weighted_dyno_hours, OLD.created_at, OLD.usage_through) THEN
        RAISE EXCEPTION 'invoice % is finalized: only its payment status may change', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT ((OLD.status IN (0, 2) AND NEW.status IN (0, 1, 2, 3)) OR (OLD.status = 1 AND NEW.status = 3)) THEN
        RAISE EXCEPTION 'invoice % cannot go from status % to %', OLD.number, OLD.status, NEW.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
CREATE OR REPLACE FUNCTION invoicing.refuse_finalized_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'invoice % is finalized and cannot be deleted', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.number, NEW.owner_kind, NEW.owner_id, NEW.period_start, NEW.period_end, NEW.source, NEW.charges_cents, NEW.credits_cents, NEW.tax_cents, NEW.total_cents, NEW.platform_cents, NEW.database_cents, NEW.addons_cents, NEW.dyno_units, NEW.weighted_dyno_hours, NEW.created_at) IS DISTINCT FROM (OLD.number, OLD.owner_kind, OLD.owner_id, OLD.period_start, OLD.period_end, OLD.source, OLD.charges_cents, OLD.credits_cents, OLD.tax_cents, OLD.total_cents, OLD.platform_cents, OLD.database_cents, OLD.addons_cents, OLD.dyno_units, OLD.weighted_dyno_hours, OLD.created_at) THEN
        RAISE EXCEPTION 'invoice % is finalized: only its payment status may change', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT ((OLD.status IN (0, 2) AND NEW.status IN (0, 1, 2, 3)) OR (OLD.status = 1 AND NEW.status = 3)) THEN
        RAISE EXCEPTION 'invoice % cannot go from status % to %', OLD.number, OLD.status, NEW.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
");

            migrationBuilder.DropColumn(
                name: "usage_through",
                schema: "invoicing",
                table: "invoices");
        }
    }
}
