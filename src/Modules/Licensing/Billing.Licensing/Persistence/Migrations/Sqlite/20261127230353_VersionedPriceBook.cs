using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class VersionedPriceBook : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "can_autoscale",
                table: "dyno_sizes",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "generation_id",
                table: "dyno_sizes",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "infrastructure_tier",
                table: "dyno_sizes",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "product_dyno_tier",
                table: "dyno_sizes",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "addon_services",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    human_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    cli_plugin_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    supports_multiple_installations = table.Column<bool>(type: "INTEGER", nullable: false),
                    supports_sharing = table.Column<bool>(type: "INTEGER", nullable: false),
                    supported_generations = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_addon_services", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "price_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    cents = table.Column<long>(type: "INTEGER", nullable: true),
                    unit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    contract = table.Column<bool>(type: "INTEGER", nullable: false),
                    metered = table.Column<bool>(type: "INTEGER", nullable: false),
                    effective_from = table.Column<long>(type: "INTEGER", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_price_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    addon_service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    human_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    compliance = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    is_default = table.Column<bool>(type: "INTEGER", nullable: false),
                    installable_inside_private_network = table.Column<bool>(type: "INTEGER", nullable: false),
                    installable_outside_private_network = table.Column<bool>(type: "INTEGER", nullable: false),
                    space_default = table.Column<bool>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    visible = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_plans_addon_services_addon_service_id",
                        column: x => x.addon_service_id,
                        principalTable: "addon_services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_addon_services_name",
                table: "addon_services",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_plans_addon_service_id",
                table: "plans",
                column: "addon_service_id");

            migrationBuilder.CreateIndex(
                name: "ix_plans_name",
                table: "plans",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_price_versions_item_id_effective_from",
                table: "price_versions",
                columns: new[] { "item_id", "effective_from" },
                unique: true);

            // Prices before versioning become each size's first version, from its creation; then the column goes.
            migrationBuilder.Sql("""
                INSERT INTO price_versions (id, kind, item_id, cents, unit, contract, metered, effective_from, recorded_by, reason, recorded_at)
                SELECT id, 'DynoSize', id, monthly_price_cents, 'month', 0, 0, created_at, 'migration', 'list price before versioning', created_at
                FROM dyno_sizes;
                UPDATE dyno_sizes
                SET generation_id = CASE generation WHEN 'fir' THEN '5A0E7F2C-3B8C-4B36-9D0F-9D0B0F4E7C02' ELSE '66DCE15F-B33D-4ACB-9C03-62F30E95F52E' END,
                    infrastructure_tier = 'production',
                    product_dyno_tier = CASE WHEN instr(name, '-') > 0 THEN substr(name, 1, instr(name, '-') - 1) ELSE name END;
                """);

            migrationBuilder.DropColumn(
                name: "monthly_price_cents",
                table: "dyno_sizes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropTable(
                name: "price_versions");

            migrationBuilder.DropTable(
                name: "addon_services");

            migrationBuilder.DropColumn(
                name: "can_autoscale",
                table: "dyno_sizes");

            migrationBuilder.DropColumn(
                name: "generation_id",
                table: "dyno_sizes");

            migrationBuilder.DropColumn(
                name: "infrastructure_tier",
                table: "dyno_sizes");

            migrationBuilder.DropColumn(
                name: "product_dyno_tier",
                table: "dyno_sizes");

            migrationBuilder.AddColumn<long>(
                name: "monthly_price_cents",
                table: "dyno_sizes",
                type: "INTEGER",
                nullable: true);
        }
    }
}
