using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class VersionedPriceBook : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "can_autoscale",
                schema: "licensing",
                table: "dyno_sizes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "generation_id",
                schema: "licensing",
                table: "dyno_sizes",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "infrastructure_tier",
                schema: "licensing",
                table: "dyno_sizes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "product_dyno_tier",
                schema: "licensing",
                table: "dyno_sizes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "addon_services",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    human_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    cli_plugin_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    supports_multiple_installations = table.Column<bool>(type: "boolean", nullable: false),
                    supports_sharing = table.Column<bool>(type: "boolean", nullable: false),
                    supported_generations = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_addon_services", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "price_versions",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cents = table.Column<long>(type: "bigint", nullable: true),
                    unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    contract = table.Column<bool>(type: "boolean", nullable: false),
                    metered = table.Column<bool>(type: "boolean", nullable: false),
                    effective_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_price_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    addon_service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    human_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    description = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    compliance = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    installable_inside_private_network = table.Column<bool>(type: "boolean", nullable: false),
                    installable_outside_private_network = table.Column<bool>(type: "boolean", nullable: false),
                    space_default = table.Column<bool>(type: "boolean", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    visible = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_plans_addon_services_addon_service_id",
                        column: x => x.addon_service_id,
                        principalSchema: "licensing",
                        principalTable: "addon_services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_addon_services_name",
                schema: "licensing",
                table: "addon_services",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_plans_addon_service_id",
                schema: "licensing",
                table: "plans",
                column: "addon_service_id");

            migrationBuilder.CreateIndex(
                name: "ix_plans_name",
                schema: "licensing",
                table: "plans",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_price_versions_item_id_effective_from",
                schema: "licensing",
                table: "price_versions",
                columns: new[] { "item_id", "effective_from" },
                unique: true);

            // Prices before versioning become each size's first version, from its creation; then the column goes.
            migrationBuilder.Sql("""
                INSERT INTO licensing.price_versions (id, kind, item_id, cents, unit, contract, metered, effective_from, recorded_by, reason, recorded_at)
                SELECT id, 'DynoSize', id, monthly_price_cents, 'month', false, false, created_at, 'migration', 'list price before versioning', created_at
                FROM licensing.dyno_sizes;
                UPDATE licensing.dyno_sizes
                SET generation_id = CASE generation WHEN 'fir' THEN '5a0e7f2c-3b8c-4b36-9d0f-9d0b0f4e7c02'::uuid ELSE '66dce15f-b33d-4acb-9c03-62f30e95f52e'::uuid END,
                    infrastructure_tier = 'production',
                    product_dyno_tier = split_part(name, '-', 1);
                """);

            migrationBuilder.DropColumn(
                name: "monthly_price_cents",
                schema: "licensing",
                table: "dyno_sizes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plans",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "price_versions",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "addon_services",
                schema: "licensing");

            migrationBuilder.DropColumn(
                name: "can_autoscale",
                schema: "licensing",
                table: "dyno_sizes");

            migrationBuilder.DropColumn(
                name: "generation_id",
                schema: "licensing",
                table: "dyno_sizes");

            migrationBuilder.DropColumn(
                name: "infrastructure_tier",
                schema: "licensing",
                table: "dyno_sizes");

            migrationBuilder.DropColumn(
                name: "product_dyno_tier",
                schema: "licensing",
                table: "dyno_sizes");

            migrationBuilder.AddColumn<long>(
                name: "monthly_price_cents",
                schema: "licensing",
                table: "dyno_sizes",
                type: "bigint",
                nullable: true);
        }
    }
}
