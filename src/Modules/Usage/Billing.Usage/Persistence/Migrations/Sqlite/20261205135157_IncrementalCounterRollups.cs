using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Usage.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// ADR 0044: months are read as the sum of their days (the monthly table goes).
    /// </summary>
    internal partial class IncrementalCounterRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "monthly_rollups");
        }

        /// <summary>
        /// Not reversible on SQLite: the monthly rows would have to be summed from the day rows' decimal text, which SQLite's
        /// SQL does only in floating point. Going back means re-ingesting into a fresh embedded database.
        /// </summary>
        protected override void Down(MigrationBuilder migrationBuilder) =>
            throw new NotSupportedException("IncrementalCounterRollups cannot be reverted on SQLite (ADR 0044).");
    }
}
