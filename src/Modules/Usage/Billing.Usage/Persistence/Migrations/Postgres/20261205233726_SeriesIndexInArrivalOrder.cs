using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class SeriesIndexInArrivalOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at",
                schema: "usage",
                table: "usage_events");

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at_seq",
                schema: "usage",
                table: "usage_events",
                columns: new[] { "owner_id", "app_id", "metric", "subject", "occurred_at", "seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at_seq",
                schema: "usage",
                table: "usage_events");

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at",
                schema: "usage",
                table: "usage_events",
                columns: new[] { "owner_id", "app_id", "metric", "subject", "occurred_at" });
        }
    }
}
