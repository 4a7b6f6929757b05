using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class UsageEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "closed_periods",
                schema: "usage",
                columns: table => new
                {
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finalized_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_closed_periods", x => x.invoice_id);
                });

            migrationBuilder.CreateTable(
                name: "usage_events",
                schema: "usage",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    owner_kind = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    metric = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    variant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<decimal>(type: "numeric(20,6)", precision: 20, scale: 6, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_events", x => x.seq);
                });

            migrationBuilder.CreateIndex(
                name: "ix_closed_periods_owner_id_start",
                schema: "usage",
                table: "closed_periods",
                columns: new[] { "owner_id", "start" });

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_event_id",
                schema: "usage",
                table: "usage_events",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_occurred_at",
                schema: "usage",
                table: "usage_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at",
                schema: "usage",
                table: "usage_events",
                columns: new[] { "owner_id", "app_id", "metric", "subject", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_owner_kind_owner_id_metric_occurred_at",
                schema: "usage",
                table: "usage_events",
                columns: new[] { "owner_kind", "owner_id", "metric", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "closed_periods",
                schema: "usage");

            migrationBuilder.DropTable(
                name: "usage_events",
                schema: "usage");
        }
    }
}
