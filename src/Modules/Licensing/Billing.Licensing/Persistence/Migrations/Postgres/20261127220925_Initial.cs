using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Licensing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "licensing");

            migrationBuilder.CreateTable(
                name: "dyno_sizes",
                schema: "licensing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    monthly_price_cents = table.Column<long>(type: "bigint", nullable: true),
                    precise_dyno_units = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    memory = table.Column<decimal>(type: "numeric(9,3)", precision: 9, scale: 3, nullable: false),
                    compute = table.Column<int>(type: "integer", nullable: false),
                    dedicated = table.Column<bool>(type: "boolean", nullable: false),
                    private_space_only = table.Column<bool>(type: "boolean", nullable: false),
                    architecture = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    generation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dyno_sizes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "licensing",
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
                schema: "licensing",
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

            migrationBuilder.CreateIndex(
                name: "ix_dyno_sizes_name",
                schema: "licensing",
                table: "dyno_sizes",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_processed_at_parked_at_next_attempt_at",
                schema: "licensing",
                table: "outbox_messages",
                columns: new[] { "processed_at", "parked_at", "next_attempt_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dyno_sizes",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "licensing");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "licensing");
        }
    }
}
