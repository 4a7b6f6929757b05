using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Invoicing.Persistence.Migrations.Postgres
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
                schema: "invoicing",
                table: "credits",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "replayed_to_legacy_at",
                schema: "invoicing",
                table: "credits",
                type: "timestamp with time zone",
                nullable: true);

            // Redemptions made before this change: their code, from the reason the redemption wrote (Credit.Redeem).
            migrationBuilder.Sql("""
                UPDATE invoicing.credits AS c SET promo_code_id = p.id
                FROM invoicing.promo_codes AS p
                WHERE c.granted_by <> 'legacy'
                  AND c.reason = 'redeemed promo code ' || CASE WHEN p.code2 = '' THEN p.code1 ELSE p.code1 || '/' || p.code2 END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "promo_code_id",
                schema: "invoicing",
                table: "credits");

            migrationBuilder.DropColumn(
                name: "replayed_to_legacy_at",
                schema: "invoicing",
                table: "credits");
        }
    }
}
