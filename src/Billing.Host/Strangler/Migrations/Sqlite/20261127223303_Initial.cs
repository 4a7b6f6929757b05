using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Host.Strangler.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "capability_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    capability = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    from_mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    from_canary_percent = table.Column<int>(type: "INTEGER", nullable: false),
                    to_mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    to_canary_percent = table.Column<int>(type: "INTEGER", nullable: false),
                    reset_to_configuration = table.Column<bool>(type: "INTEGER", nullable: false),
                    changed_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capability_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "capability_overrides",
                columns: table => new
                {
                    capability = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    canary_percent = table.Column<int>(type: "INTEGER", nullable: false),
                    changed_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capability_overrides", x => x.capability);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    consumer = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.event_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    parked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "shadow_mismatches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    capability = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    target = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    caller_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    request_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    legacy_status = table.Column<int>(type: "INTEGER", nullable: false),
                    candidate_status = table.Column<int>(type: "INTEGER", nullable: false),
                    differences = table.Column<string>(type: "TEXT", nullable: false),
                    legacy_body = table.Column<string>(type: "TEXT", nullable: false),
                    candidate_body = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shadow_mismatches", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_capability_changes_capability_changed_at",
                table: "capability_changes",
                columns: new[] { "capability", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_processed_at_parked_at_next_attempt_at",
                table: "outbox_messages",
                columns: new[] { "processed_at", "parked_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_shadow_mismatches_capability_occurred_at",
                table: "shadow_mismatches",
                columns: new[] { "capability", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "capability_changes");

            migrationBuilder.DropTable(
                name: "capability_overrides");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "shadow_mismatches");
        }
    }
}
