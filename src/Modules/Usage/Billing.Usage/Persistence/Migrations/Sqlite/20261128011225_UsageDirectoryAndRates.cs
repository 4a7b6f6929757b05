using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class UsageDirectoryAndRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "addon_kinds",
                columns: table => new
                {
                    addon_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_addon_kinds", x => x.addon_id);
                });

            migrationBuilder.CreateTable(
                name: "directory_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_apps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    owner_account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    process_tier = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_apps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_enterprise_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_enterprise_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    enterprise_account_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_teams", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dyno_size_units",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    precise_dyno_units = table.Column<decimal>(type: "TEXT", precision: 12, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dyno_size_units", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "plan_rates",
                columns: table => new
                {
                    plan_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    effective_from = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    cents = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_rates", x => new { x.plan_id, x.effective_from });
                });

            migrationBuilder.CreateIndex(
                name: "ix_directory_accounts_email",
                table: "directory_accounts",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_directory_apps_name",
                table: "directory_apps",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_directory_apps_owner_account_id",
                table: "directory_apps",
                column: "owner_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_directory_apps_team_id",
                table: "directory_apps",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ix_directory_teams_enterprise_account_id",
                table: "directory_teams",
                column: "enterprise_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_directory_teams_name",
                table: "directory_teams",
                column: "name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "addon_kinds");

            migrationBuilder.DropTable(
                name: "directory_accounts");

            migrationBuilder.DropTable(
                name: "directory_apps");

            migrationBuilder.DropTable(
                name: "directory_enterprise_accounts");

            migrationBuilder.DropTable(
                name: "directory_teams");

            migrationBuilder.DropTable(
                name: "dyno_size_units");

            migrationBuilder.DropTable(
                name: "plan_rates");
        }
    }
}
