using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class VoidAndCreditNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_number = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    total_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    account_credit_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    account_credit_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_notes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_invoice_id",
                table: "credit_notes",
                column: "invoice_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_number",
                table: "credit_notes",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_owner_kind_owner_id",
                table: "credit_notes",
                columns: new[] { "owner_kind", "owner_id" });

            // The lifecycle in the database too (ADR 0027): pending (0) and failed (2) may be paid (1), fail, or be voided
            // (3); paid may only be voided; void is terminal. Credit notes never change.
            migrationBuilder.Sql(@"
CREATE TRIGGER invoices_status_transitions BEFORE UPDATE OF status ON invoices
WHEN NEW.status IS NOT OLD.status AND NOT ((OLD.status IN (0, 2) AND NEW.status IN (0, 1, 2, 3)) OR (OLD.status = 1 AND NEW.status = 3))
BEGIN SELECT RAISE(ABORT, 'invoice status cannot make that move'); END;
");
            migrationBuilder.Sql(@"
CREATE TRIGGER credit_notes_never_updated BEFORE UPDATE ON credit_notes
BEGIN SELECT RAISE(ABORT, 'credit notes are immutable'); END;
");
            migrationBuilder.Sql(@"
CREATE TRIGGER credit_notes_never_deleted BEFORE DELETE ON credit_notes
BEGIN SELECT RAISE(ABORT, 'credit notes are immutable'); END;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS invoices_status_transitions;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS credit_notes_never_updated;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS credit_notes_never_deleted;");

            migrationBuilder.DropTable(
                name: "credit_notes");
        }
    }
}
