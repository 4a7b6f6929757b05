using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Strangler;

/// <summary>
/// While Payments is unmigrated, an invoice paid — or declined — through legacy payments becomes paid (or failed) in
/// Invoicing through the Refit adapter and the stand-in's <c>/internal/invoice-payments</c> export. A private Ruby
/// stand-in: paying mutates it.
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

    [Fact]
    public async Task A_charge_declined_in_legacy_fails_the_invoice_on_the_next_sync_and_the_customer_sees_state_2()
    {
        await using var ruby = await LegacyProcess.StartRubyBillingAsync();
        await using var host = Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Strangler:Services:billing:BaseUrl"] = ruby.BaseUrl.ToString(),
            ["Legacy:Billing:AdminToken"] = LegacyFixtureData.AdminToken,
            ["Messaging:DispatcherEnabled"] = "true",
        });
        using (var scope = host.Services.CreateScope())
        {
            var backfills = scope.ServiceProvider.GetRequiredService<BackfillJob>();
            await backfills.RunAsync("access.legacy-tokens", CancellationToken.None);
            await backfills.RunAsync("invoicing.legacy-billing", CancellationToken.None);
        }

        var alice = LegacyFixtureData.Customer("alice@example.com");
        var invoices = JsonDocument.Parse(File.ReadAllText(Path.Combine(LegacyProcess.RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data", "invoices.json"))).RootElement;
        var pending = invoices.GetProperty("account_invoices").EnumerateArray()
            .First(i => i.GetProperty("account_id").GetString() == alice.AccountId.ToString() && i.GetProperty("state").GetInt32() == 0);
        var number = pending.GetProperty("number").GetInt32();
        using var legacyClient = new HttpClient { BaseAddress = ruby.BaseUrl };
        HttpRequestMessage AsAlice(HttpMethod method, string path, object? body = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
            request.Headers.TryAddWithoutValidation("Accept", "application/vnd.heroku+json; version=3.sdk");
            return request;
        }

        // The processors' "card declined" test card: legacy records the charge as failed and the invoice as state 2.
        Assert.Equal(HttpStatusCode.OK, (await legacyClient.SendAsync(AsAlice(HttpMethod.Patch, "/account/payment-method", new { card_number = "4000000000000002" }))).StatusCode);
        var charge = await legacyClient.SendAsync(AsAlice(HttpMethod.Post, "/account/payments", new { amount = (long)pending.GetProperty("total").GetDecimal(), invoice_id = number, uuid = Guid.NewGuid() }));
        Assert.Equal((HttpStatusCode.Created, "failure"), (charge.StatusCode, (await charge.JsonAsync()).GetProperty("state").GetString()));
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var synced = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();
        var again = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();

        Assert.Equal((1, 0, 0), (synced.GetProperty("failed").GetInt32(), synced.GetProperty("paid").GetInt32(), again.GetProperty("failed").GetInt32()));
        var failedEvent = $"type = 'invoicing.invoice_payment_failed.v1' AND payload LIKE '%\"number\":{number}%'";
        await CutOverTests.Eventually(async () => await Fixture.CountAsync("invoicing.outbox_messages", failedEvent + " AND processed_at IS NOT NULL") == 1);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", failedEvent));
        var customer = ApiClients.Create(host, alice.Token);
        var served = await customer.GetAsync($"/account/invoices/{number}");
        var legacyAnswer = await legacyClient.SendAsync(AsAlice(HttpMethod.Get, $"/account/invoices/{number}"));
        var (newBody, legacyBody) = (await served.Content.ReadAsStringAsync(), await legacyAnswer.Content.ReadAsStringAsync());
        Assert.Equal(2, JsonDocument.Parse(newBody).RootElement.GetProperty("state").GetInt32());
        Assert.True(JsonValues.Equivalent(legacyBody, newBody, "updated_at"), $"legacy: {legacyBody}\nnew:    {newBody}");
        var listed = (await customer.GetFromJsonAsync<JsonElement>("/account/invoices")).EnumerateArray().Single(i => i.GetProperty("number").GetInt32() == number);
        Assert.Equal(2, listed.GetProperty("state").GetInt32());
    }
}
