using System.Net;
using System.Net.Http.Json;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Persistence.Migrations.Postgres;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>The migration that gave credits their promo code (ADR 0050) finds it for redemptions made before it, and only for those.</summary>
public sealed partial class InvoiceLifecycleTests
{
    [Fact]
    public async Task The_redemption_migration_finds_the_code_of_each_earlier_redemption_and_of_no_other_credit()
    {
        await using var host = Host();
        var (_, support, customer) = await ClientsAsync(host);
        foreach (var (code1, code2) in new[] { ("MIGRATE-1", (string?)null), ("MIGRATE-2", "PART") })
        {
            Assert.Equal(HttpStatusCode.Created, (await support.PostAsJsonAsync("/admin/invoicing/promo-codes",
                new { code1, code2, title = "t", amount = 300, expires_at = "2027-01-01T00:00:00Z", reason = "campaign" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await customer.PostAsJsonAsync("/account/credits", new { code1, code2 })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await support.PostAsJsonAsync($"/admin/accounts/{Owner.Id}/credits",
            new { amount = 100, title = "sorry", reason = "goodwill" })).StatusCode);
        var expected = await Fixture.CountAsync("invoicing.credits c JOIN invoicing.promo_codes p ON p.id = c.promo_code_id");
        await Fixture.ExecuteAsync("UPDATE invoicing.credits SET promo_code_id = NULL");

        foreach (var sql in new CreditRedemptionsReplayedToLegacy().UpOperations.OfType<SqlOperation>())
        {
            await Fixture.ExecuteAsync(sql.Sql);
        }

        Assert.Equal(2, expected);
        Assert.Equal(2, await Fixture.CountAsync("invoicing.credits c JOIN invoicing.promo_codes p ON p.id = c.promo_code_id",
            "c.reason = 'redeemed promo code ' || p.code1 || CASE WHEN p.code2 = '' THEN '' ELSE '/' || p.code2 END"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.credits", "promo_code_id IS NULL AND reason = 'goodwill'"));
    }
}
