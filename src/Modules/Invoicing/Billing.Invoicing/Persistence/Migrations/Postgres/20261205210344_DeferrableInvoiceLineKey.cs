using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Postgres
{
    /// <summary>
    /// The line → invoice key becomes deferrable (still checked when each statement ends unless a transaction defers it):
    /// issuing writes a batch's lines before the numbering lock and their invoices after it, and the key is checked at
    /// commit (ADR 0048). EF's model has no notion of deferrability, so the snapshot does not change. SQLite issues
    /// through the change tracker, invoices first: nothing to change there.
    /// </summary>
    internal partial class DeferrableInvoiceLineKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE invoicing.invoice_lines ALTER CONSTRAINT fk_invoice_lines_invoices_invoice_id DEFERRABLE INITIALLY IMMEDIATE;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE invoicing.invoice_lines ALTER CONSTRAINT fk_invoice_lines_invoices_invoice_id NOT DEFERRABLE;");
        }
    }
}
