using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class UsageEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "closed_periods",
                columns: table => new
                {
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    start = table.Column<long>(type: "INTEGER", nullable: false),
                    end = table.Column<long>(type: "INTEGER", nullable: false),
                    finalized_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_closed_periods", x => x.invoice_id);
                });

            migrationBuilder.CreateTable(
                name: "usage_events",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    owner_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    app_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    metric = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    variant = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<decimal>(type: "TEXT", precision: 20, scale: 6, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_events", x => x.seq);
                });

            migrationBuilder.CreateIndex(
                name: "ix_closed_periods_owner_id_start",
                table: "closed_periods",
                columns: new[] { "owner_id", "start" });

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_event_id",
                table: "usage_events",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_occurred_at",
                table: "usage_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at",
                table: "usage_events",
                columns: new[] { "owner_id", "app_id", "metric", "subject", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_owner_kind_owner_id_metric_occurred_at",
                table: "usage_events",
                columns: new[] { "owner_kind", "owner_id", "metric", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "closed_periods");

            migrationBuilder.DropTable(
                name: "usage_events");
        }
    }
}
