using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class UsageEventsSeriesIndexCoversReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at_seq",
                schema: "usage",
                table: "usage_events");

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at_seq",
                schema: "usage",
                table: "usage_events",
                columns: new[] { "owner_id", "app_id", "metric", "subject", "occurred_at", "seq" })
                .Annotation("Npgsql:IndexInclude", new[] { "owner_kind", "variant", "value", "event_id" });

            // An index-only read needs the table's pages marked all-visible, which vacuum does. By default autovacuum
            // visits an insert-only table after inserts of a fifth of its rows: months of usage on a large table.
            migrationBuilder.Sql("ALTER TABLE usage.usage_events SET (autovacuum_vacuum_insert_scale_factor = 0.01)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE usage.usage_events RESET (autovacuum_vacuum_insert_scale_factor)");

            migrationBuilder.DropIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at_seq",
                schema: "usage",
                table: "usage_events");

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_owner_id_app_id_metric_subject_occurred_at_seq",
                schema: "usage",
                table: "usage_events",
                columns: new[] { "owner_id", "app_id", "metric", "subject", "occurred_at", "seq" });
        }
    }
}
