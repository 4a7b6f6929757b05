using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class VoidAndCreditNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_notes",
                schema: "invoicing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invoice_number = table.Column<int>(type: "integer", nullable: false),
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    total_cents = table.Column<long>(type: "bigint", nullable: false),
                    account_credit_cents = table.Column<long>(type: "bigint", nullable: false),
                    account_credit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_notes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_invoice_id",
                schema: "invoicing",
                table: "credit_notes",
                column: "invoice_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_number",
                schema: "invoicing",
                table: "credit_notes",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_owner_kind_owner_id",
                schema: "invoicing",
                table: "credit_notes",
                columns: new[] { "owner_kind", "owner_id" });

            // The lifecycle in the database too (ADR 0027): pending (0) and failed (2) may be paid (1), fail, or be voided
            // (3); paid may only be voided; void is terminal. Every other column stays as ADR 0023 froze it. Credit notes
            // never change either.
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
CREATE FUNCTION invoicing.refuse_credit_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit notes are immutable' USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER credit_notes_immutable BEFORE UPDATE OR DELETE ON invoicing.credit_notes
    FOR EACH ROW EXECUTE FUNCTION invoicing.refuse_credit_note_change();
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP TRIGGER IF EXISTS credit_notes_immutable ON invoicing.credit_notes;
DROP FUNCTION IF EXISTS invoicing.refuse_credit_note_change();
CREATE OR REPLACE FUNCTION invoicing.refuse_finalized_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'invoice % is finalized and cannot be deleted', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.number, NEW.owner_kind, NEW.owner_id, NEW.period_start, NEW.period_end, NEW.source, NEW.charges_cents, NEW.credits_cents, NEW.tax_cents, NEW.total_cents, NEW.platform_cents, NEW.database_cents, NEW.addons_cents, NEW.dyno_units, NEW.weighted_dyno_hours, NEW.created_at) IS DISTINCT FROM (OLD.number, OLD.owner_kind, OLD.owner_id, OLD.period_start, OLD.period_end, OLD.source, OLD.charges_cents, OLD.credits_cents, OLD.tax_cents, OLD.total_cents, OLD.platform_cents, OLD.database_cents, OLD.addons_cents, OLD.dyno_units, OLD.weighted_dyno_hours, OLD.created_at) THEN
        RAISE EXCEPTION 'invoice % is finalized: only its payment status may change', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
");

            migrationBuilder.DropTable(
                name: "credit_notes",
                schema: "invoicing");
        }
    }
}
