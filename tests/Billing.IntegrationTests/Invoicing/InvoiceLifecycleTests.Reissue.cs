using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Issuing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>A voided period re-issued by billing support (ADR 0036): once, numbered next, audited; never by a run.</summary>
public sealed partial class InvoiceLifecycleTests
{
    private const string Reissues = "/admin/invoicing/reissues";

    private static object ReissueBody(string? reason = "billed the wrong dyno size, INC-9", string period = "2026-10", BillableOwner? owner = null) =>
        new { owner = (owner ?? Owner).ToString(), period, reason };

    [Fact]
    public async Task A_voided_period_is_reissued_once_by_staff_numbered_next_audited_and_never_by_a_run()
    {
        await using var host = Host();
        var invoice = await IssueOctoberAsync(host);
        var (_, support, customer) = await ClientsAsync(host);

        var standing = await support.PostAsJsonAsync(Reissues, ReissueBody());
        Assert.Equal(HttpStatusCode.Created, (await support.PostAsJsonAsync($"/admin/invoicing/invoices/{invoice.Number}/void", new { reason = "billed the wrong dyno size, INC-9" })).StatusCode);
        var run = await RunIssuesAsync(host);
        var forbidden = await customer.PostAsJsonAsync(Reissues, ReissueBody());
        var noReason = await support.PostAsJsonAsync(Reissues, ReissueBody(reason: " "));
        var openPeriod = await support.PostAsJsonAsync(Reissues, ReissueBody(period: "2026-11"));
        var neverInvoiced = await support.PostAsJsonAsync(Reissues, ReissueBody(owner: BillableOwner.Account(Guid.NewGuid())));
        var reissued = await support.PostAsJsonAsync(Reissues, ReissueBody());
        var again = await support.PostAsJsonAsync(Reissues, ReissueBody());
        var runAfter = await RunIssuesAsync(host);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Forbidden, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Created, HttpStatusCode.Conflict),
            (standing.StatusCode, forbidden.StatusCode, noReason.StatusCode, openPeriod.StatusCode, neverInvoiced.StatusCode, reissued.StatusCode, again.StatusCode));
        Assert.Equal((true, invoice.Number), (run.AlreadyIssued, run.Number));
        var body = await reissued.JsonAsync();
        Assert.Equal((invoice.Number + 1, invoice.Number, 1250L), (body.GetProperty("number").GetInt32(), body.GetProperty("voided_number").GetInt32(), body.GetProperty("total_cents").GetInt64()));
        Assert.Equal((true, invoice.Number + 1), (runAfter.AlreadyIssued, runAfter.Number));
        var listed = (await customer.GetFromJsonAsync<JsonElement>("/account/invoices")).EnumerateArray()
            .Select(i => (i.GetProperty("number").GetInt32(), i.GetProperty("state").GetInt32())).Order().ToList();
        Assert.Equal([(invoice.Number, 3), (invoice.Number + 1, 0)], listed);
        Assert.Equal(2, await Fixture.CountAsync("invoicing.invoices", $"owner_id = '{Owner.Id}'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoice_reissues", $"voided_number = {invoice.Number} AND number = {invoice.Number + 1}"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.audit_entries", "action = 'invoice.reissued' AND reason = 'billed the wrong dyno size, INC-9' AND before_cents = 1250 AND after_cents = 1250"));
        Assert.Equal(2, await Fixture.CountAsync("invoicing.outbox_messages", $"type = 'invoicing.invoice_finalized.v1' AND payload LIKE '%{Owner.Id}%'"));
    }

    /// <summary>
    /// The void gives back the credit the invoice drew, as a credit created now; the re-issue used to take only credits
    /// valid at the period's end, so it charged the full amount while the returned credit waited for a later month.
    /// </summary>
    [Fact]
    public async Task A_reissued_invoice_draws_the_credit_its_void_gave_back()
    {
        await using var host = Host();
        var invoice = await IssueOctoberAsync(host, creditCents: 200);
        Assert.Equal(1050, invoice.TotalCents);
        clock.SetUtcNow(October.End.AddDays(9));
        var (_, support, _) = await ClientsAsync(host);
        Assert.Equal(HttpStatusCode.Created, (await support.PostAsJsonAsync($"/admin/invoicing/invoices/{invoice.Number}/void", new { reason = "billed the wrong dyno size, INC-9" })).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(3));

        var reissued = await support.PostAsJsonAsync(Reissues, ReissueBody());

        Assert.Equal(HttpStatusCode.Created, reissued.StatusCode);
        Assert.Equal(1050, (await reissued.JsonAsync()).GetProperty("total_cents").GetInt64());
        Assert.Equal(0, await Fixture.CountAsync("invoicing.credits", $"account_id = '{Owner.Id}' AND balance_cents > 0"));
    }

    [Fact]
    public async Task Two_reissues_of_the_same_period_at_once_make_one_invoice()
    {
        await using var host = Host();
        var invoice = await IssueOctoberAsync(host);
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/admin/invoicing/invoices/{invoice.Number}/void", new { reason = "wrong invoice" })).StatusCode);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.PostAsJsonAsync(Reissues, ReissueBody())));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoices", $"owner_id = '{Owner.Id}' AND status <> 3"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoices", $"number = {invoice.Number + 1}"));
        Assert.Equal(2, await Fixture.CountAsync("invoicing.invoices"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoice_reissues"));
    }

    /// <summary>The admin, a billing-support member and the owner's customer token.</summary>
    private static async Task<(HttpClient Admin, HttpClient Support, HttpClient Customer)> ClientsAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host)
    {
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        return (admin, ApiClients.Create(host, (await ApiClients.IssueTokenAsync(admin, Roles.BillingSupport, null)).Token),
            ApiClients.Create(host, (await ApiClients.IssueTokenAsync(admin, Roles.Customer, Owner.Id)).Token));
    }

    /// <summary>What a billing run's issuing does for this owner and October (the path every run partition takes).</summary>
    private static async Task<IssueOutcome> RunIssuesAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<InvoiceIssuer>().IssueManyAsync([Owner], October, dryRun: false, CancellationToken.None)).Single();
    }
}
