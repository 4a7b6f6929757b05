using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class EnterpriseContracts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "delinquencies",
                columns: table => new
                {
                    owner = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    delinquent_since = table.Column<long>(type: "INTEGER", nullable: true),
                    reported_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delinquencies", x => x.owner);
                });

            migrationBuilder.CreateTable(
                name: "enterprise_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enterprise_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "licence_consumption",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    enterprise_account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    month_start = table.Column<long>(type: "INTEGER", nullable: false),
                    product = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    consumed = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licence_consumption", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "licence_threshold_crossings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    contract_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    product = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    month_start = table.Column<long>(type: "INTEGER", nullable: false),
                    threshold_percent = table.Column<int>(type: "INTEGER", nullable: false),
                    crossed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licence_threshold_crossings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contracts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    enterprise_account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contracts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contracts_enterprise_accounts_enterprise_account_id",
                        column: x => x.enterprise_account_id,
                        principalTable: "enterprise_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "enterprise_teams",
                columns: table => new
                {
                    team_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    enterprise_account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enterprise_teams", x => x.team_id);
                    table.ForeignKey(
                        name: "fk_enterprise_teams_enterprise_accounts_enterprise_account_id",
                        column: x => x.enterprise_account_id,
                        principalTable: "enterprise_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contract_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contract_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    change = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    effective_from = table.Column<long>(type: "INTEGER", nullable: false),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: false),
                    licences = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contract_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_contract_versions_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_contract_versions_contract_id_number",
                table: "contract_versions",
                columns: new[] { "contract_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contracts_enterprise_account_id",
                table: "contracts",
                column: "enterprise_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_enterprise_teams_enterprise_account_id",
                table: "enterprise_teams",
                column: "enterprise_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_enterprise_teams_name",
                table: "enterprise_teams",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licence_consumption_enterprise_account_id_month_start",
                table: "licence_consumption",
                columns: new[] { "enterprise_account_id", "month_start" });

            migrationBuilder.CreateIndex(
                name: "ix_licence_consumption_team_id_month_start_product",
                table: "licence_consumption",
                columns: new[] { "team_id", "month_start", "product" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licence_threshold_crossings_contract_id_product_month_start_threshold_percent",
                table: "licence_threshold_crossings",
                columns: new[] { "contract_id", "product", "month_start", "threshold_percent" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contract_versions");

            migrationBuilder.DropTable(
                name: "delinquencies");

            migrationBuilder.DropTable(
                name: "enterprise_teams");

            migrationBuilder.DropTable(
                name: "licence_consumption");

            migrationBuilder.DropTable(
                name: "licence_threshold_crossings");

            migrationBuilder.DropTable(
                name: "contracts");

            migrationBuilder.DropTable(
                name: "enterprise_accounts");
        }
    }
}
