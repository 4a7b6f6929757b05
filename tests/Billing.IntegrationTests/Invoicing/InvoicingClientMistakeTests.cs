using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// A client's (or a staff member's) mistake on an Invoicing endpoint is a Heroku 4xx with an id and a message, never a
/// 500, and it writes nothing (audit of the Invoicing module, ADR 0040).
/// </summary>
public sealed class InvoicingClientMistakeTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private WebApplicationFactory<Program> Host() =>
        Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Strangler:Capabilities:invoices.account.read:Mode"] = "New",
            ["Strangler:Capabilities:invoice-address.account.read:Mode"] = "New",
            ["Strangler:Capabilities:invoice-address.account.write:Mode"] = "New",
        });

    /// <summary>int.Parse threw OverflowException (not FormatException) for a number cursor beyond int: a 500.</summary>
    [Fact]
    public async Task An_invoice_number_cursor_too_big_for_a_number_is_a_416_not_a_500()
    {
        await using var host = Host();
        var account = Guid.NewGuid();
        var customer = ApiClients.Create(host, (await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.Customer, account)).Token);

        var statuses = new List<HttpStatusCode>();
        foreach (var range in new[] { "number 99999999999..; max=10", "number ..99999999999999999999", "number 12..; max=10" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/account/invoices");
            request.Headers.TryAddWithoutValidation("Range", range);
            var response = await customer.SendAsync(request);
            statuses.Add(response.StatusCode);
            if ((int)response.StatusCode >= 400)
            {
                Assert.Equal("requested_range_not_satisfiable", await response.ErrorIdAsync());
            }
        }

        Assert.Equal([HttpStatusCode.RequestedRangeNotSatisfiable, HttpStatusCode.RequestedRangeNotSatisfiable, HttpStatusCode.OK], statuses);
    }

    /// <summary>The month 9999-12 parsed, but its end (year 10000) threw ArgumentOutOfRangeException: a 500.</summary>
    [Fact]
    public async Task A_month_whose_end_no_date_can_hold_is_a_422_not_a_500()
    {
        await using var host = Host();
        var support = ApiClients.Create(host, (await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.BillingSupport, null)).Token);

        var reissue = await support.PostAsJsonAsync("/admin/invoicing/reissues", new { owner = $"account:{Guid.NewGuid()}", period = "9999-12", reason = "x" });
        var reconciliation = await support.GetAsync("/admin/invoicing/reconciliations/9999-12");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity), (reissue.StatusCode, reconciliation.StatusCode));
        Assert.Equal("invalid_params", await reissue.ErrorIdAsync());
    }

    /// <summary>
    /// A goodwill credit of 2^63 − 1 cents used to be accepted; the account's next credit then overflowed the balance sum
    /// (a 500 for every later grant or redemption) and such an adjustment overflowed the invoice's sum of charges, so the
    /// owner could never be invoiced again.
    /// </summary>
    [Fact]
    public async Task Money_amounts_beyond_the_bound_are_refused_with_a_422_and_nothing_is_written()
    {
        await using var host = Host();
        var account = Guid.NewGuid();
        var support = ApiClients.Create(host, (await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.BillingSupport, null)).Token);
        var tooMuch = 100_000_001L;

        var hugeCredit = await support.PostAsJsonAsync($"/admin/accounts/{account}/credits", new { amount = long.MaxValue, title = "goodwill", reason = "typo" });
        var overCredit = await support.PostAsJsonAsync($"/admin/accounts/{account}/credits", new { amount = tooMuch, title = "goodwill", reason = "typo" });
        var hugeAdjustment = await support.PostAsJsonAsync("/admin/invoicing/adjustments", new { owner = $"account:{account}", amount_cents = long.MaxValue, description = "x", reason = "typo" });
        var hugeRefund = await support.PostAsJsonAsync("/admin/invoicing/adjustments", new { owner = $"account:{account}", amount_cents = -tooMuch, description = "x", reason = "typo" });
        var hugeCode = await support.PostAsJsonAsync("/admin/invoicing/promo-codes", new { code1 = "HUGE", title = "t", amount = long.MaxValue, expires_at = DateTimeOffset.UtcNow.AddYears(1), reason = "typo" });
        var fine = await support.PostAsJsonAsync($"/admin/accounts/{account}/credits", new { amount = 100_000_000L, title = "goodwill", reason = "the bound itself" });
        var another = await support.PostAsJsonAsync($"/admin/accounts/{account}/credits", new { amount = 1L, title = "goodwill", reason = "sums stay in range" });

        Assert.Equal(
            (HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Created, HttpStatusCode.Created),
            (hugeCredit.StatusCode, overCredit.StatusCode, hugeAdjustment.StatusCode, hugeRefund.StatusCode, hugeCode.StatusCode, fine.StatusCode, another.StatusCode));
        Assert.Equal("invalid_params", await hugeCredit.ErrorIdAsync());
        Assert.Equal(2, await Fixture.CountAsync("invoicing.credits", $"account_id = '{account}'"));
        Assert.Equal(0, await Fixture.CountAsync("invoicing.support_adjustments"));
        Assert.Equal(0, await Fixture.CountAsync("invoicing.promo_codes"));
    }

    /// <summary>Legacy's PUT: an empty body changes nothing (200), a body that is not a JSON object is 400 bad_request.</summary>
    [Fact]
    public async Task The_invoice_address_put_answers_a_non_object_or_empty_body_as_legacy_does()
    {
        await using var host = Host();
        var account = Guid.NewGuid();
        var customer = ApiClients.Create(host, (await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.Customer, account)).Token);
        var written = await customer.PutAsJsonAsync("/account/invoice-address", new { city = "Oslo", country = "NO", use_invoice_address = true });

        var array = await customer.PutAsync("/account/invoice-address", new StringContent("[\"city\"]", Encoding.UTF8, "application/json"));
        var number = await customer.PutAsync("/account/invoice-address", new StringContent("42", Encoding.UTF8, "application/json"));
        var jsonNull = await customer.PutAsync("/account/invoice-address", new StringContent("null", Encoding.UTF8, "application/json"));
        var empty = await customer.PutAsync("/account/invoice-address", new StringContent(string.Empty, Encoding.UTF8, "application/json"));
        var wrongType = await customer.PutAsync("/account/invoice-address", new StringContent("{\"city\":7}", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity),
            (written.StatusCode, array.StatusCode, number.StatusCode, jsonNull.StatusCode, empty.StatusCode, wrongType.StatusCode));
        Assert.Equal(("bad_request", "invalid_params"), (await array.ErrorIdAsync(), await wrongType.ErrorIdAsync()));
        var address = await customer.GetFromJsonAsync<JsonElement>("/account/invoice-address");
        Assert.Equal(("Oslo", "NO", true), (address.GetProperty("city").GetString(), address.GetProperty("country").GetString(), address.GetProperty("use_invoice_address").GetBoolean()));
        Assert.Equal("Oslo", (await empty.JsonAsync()).GetProperty("city").GetString());
    }

    /// <summary>
    /// The first write of an account's address inserts its billing entity: two at once (a double-clicked save) both
    /// inserted, and the loser's unique-key violation was a 500.
    /// </summary>
    [Fact]
    public async Task First_address_writes_at_once_all_succeed_and_one_wins()
    {
        await using var host = Host();
        var account = Guid.NewGuid();
        var customer = ApiClients.Create(host, (await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.Customer, account)).Token);

        var writes = await Task.WhenAll(Enumerable.Range(0, 6).Select(n => customer.PutAsJsonAsync("/account/invoice-address", new { city = $"City {n}" })));

        Assert.All(writes, w => Assert.Equal(HttpStatusCode.OK, w.StatusCode));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.billing_entities", $"owner_id = '{account}'"));
        var city = (await customer.GetFromJsonAsync<JsonElement>("/account/invoice-address")).GetProperty("city").GetString();
        Assert.StartsWith("City ", city);
    }
}
