using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class UsageDirectoryAndRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "addon_kinds",
                schema: "usage",
                columns: table => new
                {
                    addon_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_addon_kinds", x => x.addon_id);
                });

            migrationBuilder.CreateTable(
                name: "directory_accounts",
                schema: "usage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_apps",
                schema: "usage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    owner_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    process_tier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_apps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_enterprise_accounts",
                schema: "usage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_enterprise_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_teams",
                schema: "usage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    enterprise_account_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_teams", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dyno_size_units",
                schema: "usage",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    precise_dyno_units = table.Column<decimal>(type: "numeric(12,6)", precision: 12, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dyno_size_units", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "plan_rates",
                schema: "usage",
                columns: table => new
                {
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    effective_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    cents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_rates", x => new { x.plan_id, x.effective_from });
                });

            migrationBuilder.CreateIndex(
                name: "ix_directory_accounts_email",
                schema: "usage",
                table: "directory_accounts",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_directory_apps_name",
                schema: "usage",
                table: "directory_apps",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_directory_apps_owner_account_id",
                schema: "usage",
                table: "directory_apps",
                column: "owner_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_directory_apps_team_id",
                schema: "usage",
                table: "directory_apps",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ix_directory_teams_enterprise_account_id",
                schema: "usage",
                table: "directory_teams",
                column: "enterprise_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_directory_teams_name",
                schema: "usage",
                table: "directory_teams",
                column: "name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "addon_kinds",
                schema: "usage");

            migrationBuilder.DropTable(
                name: "directory_accounts",
                schema: "usage");

            migrationBuilder.DropTable(
                name: "directory_apps",
                schema: "usage");

            migrationBuilder.DropTable(
                name: "directory_enterprise_accounts",
                schema: "usage");

            migrationBuilder.DropTable(
                name: "directory_teams",
                schema: "usage");

            migrationBuilder.DropTable(
                name: "dyno_size_units",
                schema: "usage");

            migrationBuilder.DropTable(
                name: "plan_rates",
                schema: "usage");
        }
    }
}
