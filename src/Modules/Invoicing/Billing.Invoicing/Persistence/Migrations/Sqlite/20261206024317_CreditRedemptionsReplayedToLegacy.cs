using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// ADR 0050: a credit redeemed here knows its promo code and when it was written into legacy, so rolling
    /// <c>credits.account.write</c> back can replay the redemptions made here.
    /// </summary>
    internal partial class CreditRedemptionsReplayedToLegacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "promo_code_id",
                table: "credits",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "replayed_to_legacy_at",
                table: "credits",
                type: "INTEGER",
                nullable: true);

            // Redemptions made before this change: their code, from the reason the redemption wrote (Credit.Redeem).
            migrationBuilder.Sql("""
                UPDATE credits SET promo_code_id = (
                    SELECT p.id FROM promo_codes AS p
                    WHERE credits.reason = 'redeemed promo code ' || CASE WHEN p.code2 = '' THEN p.code1 ELSE p.code1 || '/' || p.code2 END)
                WHERE granted_by <> 'legacy' AND reason LIKE 'redeemed promo code %'
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "promo_code_id",
                table: "credits");

            migrationBuilder.DropColumn(
                name: "replayed_to_legacy_at",
                table: "credits");
        }
    }
}
