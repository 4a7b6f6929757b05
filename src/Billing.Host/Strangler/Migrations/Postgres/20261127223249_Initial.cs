using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Host.Strangler.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "strangler");

            migrationBuilder.CreateTable(
                name: "capability_changes",
                schema: "strangler",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    capability = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    from_mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    from_canary_percent = table.Column<int>(type: "integer", nullable: false),
                    to_mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    to_canary_percent = table.Column<int>(type: "integer", nullable: false),
                    reset_to_configuration = table.Column<bool>(type: "boolean", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capability_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "capability_overrides",
                schema: "strangler",
                columns: table => new
                {
                    capability = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    canary_percent = table.Column<int>(type: "integer", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capability_overrides", x => x.capability);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "strangler",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.event_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "strangler",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    parked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "shadow_mismatches",
                schema: "strangler",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    capability = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    target = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    caller_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    request_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    legacy_status = table.Column<int>(type: "integer", nullable: false),
                    candidate_status = table.Column<int>(type: "integer", nullable: false),
                    differences = table.Column<string>(type: "text", nullable: false),
                    legacy_body = table.Column<string>(type: "text", nullable: false),
                    candidate_body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shadow_mismatches", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_capability_changes_capability_changed_at",
                schema: "strangler",
                table: "capability_changes",
                columns: new[] { "capability", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_processed_at_parked_at_next_attempt_at",
                schema: "strangler",
                table: "outbox_messages",
                columns: new[] { "processed_at", "parked_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_shadow_mismatches_capability_occurred_at",
                schema: "strangler",
                table: "shadow_mismatches",
                columns: new[] { "capability", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "capability_changes",
                schema: "strangler");

            migrationBuilder.DropTable(
                name: "capability_overrides",
                schema: "strangler");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "strangler");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "strangler");

            migrationBuilder.DropTable(
                name: "shadow_mismatches",
                schema: "strangler");
        }
    }
}
