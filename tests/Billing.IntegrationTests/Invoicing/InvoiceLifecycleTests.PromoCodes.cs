using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>Promo codes defined by billing support (ADR 0035), redeemed once however often retried, drawn by the next invoice.</summary>
public sealed partial class InvoiceLifecycleTests
{
    [Fact]
    public async Task A_promo_code_from_support_is_redeemed_once_however_often_retried_and_the_next_invoice_draws_it()
    {
        await using var host = Host();
        var (_, support, customer) = await ClientsAsync(host);
        var code = new { code1 = "fall-2026", title = "fall promotion", amount = 500, expires_at = "2027-01-01T00:00:00Z", reason = "campaign MKT-12" };

        var forbidden = await customer.PostAsJsonAsync("/admin/invoicing/promo-codes", code);
        var noReason = await support.PostAsJsonAsync("/admin/invoicing/promo-codes", new { code.code1, code.title, code.amount, code.expires_at });
        var defined = await support.PostAsJsonAsync("/admin/invoicing/promo-codes", code);
        var taken = await support.PostAsJsonAsync("/admin/invoicing/promo-codes", code with { });
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity),
            (forbidden.StatusCode, noReason.StatusCode, defined.StatusCode, taken.StatusCode));

        HttpRequestMessage Redeem(string? idempotencyKey)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/account/credits") { Content = JsonContent.Create(new { code1 = "FALL-2026" }) };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            return request;
        }

        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(n => customer.SendAsync(Redeem(n % 2 == 0 ? key : null))));
        var retried = await customer.SendAsync(Redeem(key));

        Assert.All(answers.Append(retried), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var ids = new HashSet<Guid>();
        foreach (var answer in answers.Append(retried))
        {
            ids.Add((await answer.JsonAsync()).GetProperty("id").GetGuid());
        }

        var creditId = Assert.Single(ids);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.credits", $"account_id = '{Owner.Id}'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", $"type = 'invoicing.credit_granted.v1' AND payload LIKE '%{creditId}%'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.audit_entries", $"action = 'credit.redeemed' AND subject = 'account:{Owner.Id}' AND before_cents = 0 AND after_cents = 500"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.audit_entries", "action = 'promo_code.defined' AND subject = 'promo-code:FALL-2026' AND reason = 'campaign MKT-12'"));

        var invoice = await IssueOctoberAsync(host);

        Assert.Equal((1250L, 500L, 750L), (invoice.ChargesCents, invoice.CreditsCents, invoice.TotalCents));
        var credit = await customer.GetFromJsonAsync<JsonElement>($"/account/credits/{creditId}");
        Assert.Equal((500m, 0m, "fall promotion"), (credit.GetProperty("amount").GetDecimal(), credit.GetProperty("balance").GetDecimal(), credit.GetProperty("title").GetString()));
    }
}
