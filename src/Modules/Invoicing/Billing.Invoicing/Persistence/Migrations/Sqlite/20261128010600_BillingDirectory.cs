using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class BillingDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "billed_apps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billed_apps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "billing_entities",
                columns: table => new
                {
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    team_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    address_address1 = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    address_address2 = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    address_city = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    address_country = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    address_heroku_id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    address_other = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    address_postal_code = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    address_state = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    address_use_invoice_address = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_entities", x => new { x.owner_kind, x.owner_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_billed_apps_owner_kind_owner_id",
                table: "billed_apps",
                columns: new[] { "owner_kind", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_billing_entities_team_name",
                table: "billing_entities",
                column: "team_name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "billed_apps");

            migrationBuilder.DropTable(
                name: "billing_entities");
        }
    }
}
