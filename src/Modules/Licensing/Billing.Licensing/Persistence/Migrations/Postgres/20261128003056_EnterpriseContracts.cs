using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class EnterpriseContracts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "delinquencies",
                schema: "licensing",
                columns: table => new
                {
                    owner = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    delinquent_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delinquencies", x => x.owner);
                });

            migrationBuilder.CreateTable(
                name: "enterprise_accounts",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enterprise_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "licence_consumption",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enterprise_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    consumed = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licence_consumption", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "licence_threshold_crossings",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    contract_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    month_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    threshold_percent = table.Column<int>(type: "integer", nullable: false),
                    crossed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licence_threshold_crossings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contracts",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    enterprise_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contracts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contracts_enterprise_accounts_enterprise_account_id",
                        column: x => x.enterprise_account_id,
                        principalSchema: "licensing",
                        principalTable: "enterprise_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "enterprise_teams",
                schema: "licensing",
                columns: table => new
                {
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    enterprise_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enterprise_teams", x => x.team_id);
                    table.ForeignKey(
                        name: "fk_enterprise_teams_enterprise_accounts_enterprise_account_id",
                        column: x => x.enterprise_account_id,
                        principalSchema: "licensing",
                        principalTable: "enterprise_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contract_versions",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    contract_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    change = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    effective_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    licences = table.Column<string>(type: "text", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contract_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_contract_versions_contracts_contract_id",
                        column: x => x.contract_id,
                        principalSchema: "licensing",
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_contract_versions_contract_id_number",
                schema: "licensing",
                table: "contract_versions",
                columns: new[] { "contract_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contracts_enterprise_account_id",
                schema: "licensing",
                table: "contracts",
                column: "enterprise_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_enterprise_teams_enterprise_account_id",
                schema: "licensing",
                table: "enterprise_teams",
                column: "enterprise_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_enterprise_teams_name",
                schema: "licensing",
                table: "enterprise_teams",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licence_consumption_enterprise_account_id_month_start",
                schema: "licensing",
                table: "licence_consumption",
                columns: new[] { "enterprise_account_id", "month_start" });

            migrationBuilder.CreateIndex(
                name: "ix_licence_consumption_team_id_month_start_product",
                schema: "licensing",
                table: "licence_consumption",
                columns: new[] { "team_id", "month_start", "product" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licence_threshold_crossings_contract_id_product_month_start",
                schema: "licensing",
                table: "licence_threshold_crossings",
                columns: new[] { "contract_id", "product", "month_start", "threshold_percent" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contract_versions",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "delinquencies",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "enterprise_teams",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "licence_consumption",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "licence_threshold_crossings",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "contracts",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "enterprise_accounts",
                schema: "licensing");
        }
    }
}
