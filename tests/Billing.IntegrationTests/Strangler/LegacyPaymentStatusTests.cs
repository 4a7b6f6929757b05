using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// While Payments is unmigrated, an invoice paid through legacy payments becomes paid in Invoicing through the Refit
/// adapter and the stand-in's <c>/internal/invoice-payments</c> export. A private Ruby stand-in: paying mutates it.
/// </summary>
public sealed class LegacyPaymentStatusTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task An_invoice_paid_in_legacy_becomes_paid_on_the_next_sync_and_is_announced_once()
    {
        await using var ruby = await LegacyProcess.StartRubyBillingAsync();
        await using var host = Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Strangler:Services:billing:BaseUrl"] = ruby.BaseUrl.ToString(),
            ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken,
        });
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync("invoicing.legacy-billing", CancellationToken.None);
        }

        var alice = LegacyFixtureData.Customer("alice@example.com");
        var invoices = JsonDocument.Parse(File.ReadAllText(Path.Combine(LegacyProcess.RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data", "invoices.json"))).RootElement;
        var pending = invoices.GetProperty("account_invoices").EnumerateArray()
            .First(i => i.GetProperty("account_id").GetString() == alice.AccountId.ToString() && i.GetProperty("state").GetInt32() == 0);
        var number = pending.GetProperty("number").GetInt32();
        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoices", $"number = {number} AND status = 0"));
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var before = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();

        using var legacyClient = new HttpClient { BaseAddress = ruby.BaseUrl };
        using var payment = new HttpRequestMessage(HttpMethod.Post, "/account/payments")
        {
            Content = JsonContent.Create(new { amount = (long)pending.GetProperty("total").GetDecimal(), invoice_id = number, uuid = Guid.NewGuid() }),
        };
        payment.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
        payment.Headers.TryAddWithoutValidation("Accept", "application/vnd.heroku+json; version=3.sdk");
        Assert.Equal(HttpStatusCode.Created, (await legacyClient.SendAsync(payment)).StatusCode);
        var after = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();
        var again = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();

        Assert.Equal(0, before.GetProperty("paid").GetInt32());
        Assert.Equal(1, after.GetProperty("paid").GetInt32());
        Assert.Equal(0, again.GetProperty("paid").GetInt32());
        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoices", $"number = {number} AND status = 1"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", $"type = 'invoicing.invoice_paid.v1' AND payload LIKE '%\"number\":{number}%'"));
    }
}
