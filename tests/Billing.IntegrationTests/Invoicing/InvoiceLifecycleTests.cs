using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Usage.Contracts;
using Hangfire;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// After finalization: paid / failed from legacy payments, and void with a credit note — the invoice's amounts never
/// change, the database allows only the lifecycle's moves, and every move is announced through the outbox.
/// </summary>
public sealed partial class InvoiceLifecycleTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private static readonly BillingPeriod October = BillingPeriod.Month(2026, 10);
    private static readonly BillableOwner Owner = BillableOwner.Account(Guid.NewGuid());
    private static readonly Guid App = Guid.NewGuid();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero));
    private readonly ScriptedLegacyPayments legacyPayments = new();

    private WebApplicationFactory<Program> Host() =>
        Fixture.CreateFactory(new Dictionary<string, string?> { ["Strangler:Capabilities:invoices.account.read:Mode"] = "New" })
            .WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            {
                s.AddSingleton<IUsageReader>(new GeneratedUsage(
                    [new GaugeSegment(Owner, App, UsageMetrics.FormationQuantity, "web", "standard-1x", 1, October.Start, October.Start.AddDays(15), "evt-1")]));
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<IBackgroundJobClient>(new RecordingJobClient());
                s.AddSingleton<ILegacyInvoicePayments>(legacyPayments);
            }));

    private async Task<Invoice> IssueOctoberAsync(WebApplicationFactory<Program> host, long creditCents = 0)
    {
        await using (var seed = host.Services.CreateAsyncScope())
        {
            var db = seed.ServiceProvider.GetRequiredService<InvoicingDbContext>();
            db.DynoSizeRates.Add(new DynoSizeRate(Guid.NewGuid(), "standard-1x", 2500, 1m, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
            db.BilledApps.Add(new BilledApp(App, "shop", Owner));
            if (creditCents > 0)
            {
                db.Credits.Add(Credit.Grant(Owner.Id, "goodwill", creditCents, October.End.AddYears(1), "test", "test", October.Start));
            }

            await db.SaveChangesAsync();
        }

        clock.SetUtcNow(October.End.AddMinutes(1));
        await SmallRun.IssueAsync(host.Services, October);
        return await InvoiceAsync(host);
    }

    private static async Task<Invoice> InvoiceAsync(WebApplicationFactory<Program> host)
    {
        await using var read = host.Services.CreateAsyncScope();
        return await read.ServiceProvider.GetRequiredService<InvoicingDbContext>().Invoices.AsNoTracking().SingleAsync(i => i.OwnerId == Owner.Id);
    }

    /// <summary>Legacy takes an invoice number as digits only; int.TryParse also took a sign and spaces.</summary>
    [Fact]
    public async Task An_invoice_number_is_digits_only_as_legacy_reads_it()
    {
        await using var host = Host();
        var invoice = await IssueOctoberAsync(host);
        var (_, _, customer) = await ClientsAsync(host);

        var statuses = new List<HttpStatusCode>();
        foreach (var number in new[] { $"{invoice.Number}", $"0{invoice.Number}", $"+{invoice.Number}", $"%20{invoice.Number}", $"{invoice.Number}%20", $"-{invoice.Number}" })
        {
            statuses.Add((await customer.GetAsync($"/account/invoices/{number}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], statuses);
    }

    [Fact]
    public async Task Voiding_needs_staff_and_a_reason_keeps_the_invoice_and_reverses_it_with_a_credit_note_once()
    {
        await using var host = Host();
        var invoice = await IssueOctoberAsync(host);
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var support = ApiClients.Create(host, (await ApiClients.IssueTokenAsync(admin, Roles.BillingSupport, null)).Token);
        var customer = ApiClients.Create(host, (await ApiClients.IssueTokenAsync(admin, Roles.Customer, Owner.Id)).Token);
        var path = $"/admin/invoicing/invoices/{invoice.Number}/void";

        var forbidden = await customer.PostAsJsonAsync(path, new { reason = "x" });
        var noReason = await support.PostAsJsonAsync(path, new { reason = " " });
        var unknown = await support.PostAsJsonAsync($"/admin/invoicing/invoices/{invoice.Number + 1000}/void", new { reason = "x" });
        var voided = await support.PostAsJsonAsync(path, new { reason = "billed a deleted app, INC-7" });
        var again = await support.PostAsJsonAsync(path, new { reason = "twice" });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.UnprocessableEntity, HttpStatusCode.NotFound, HttpStatusCode.Created, HttpStatusCode.Conflict),
            (forbidden.StatusCode, noReason.StatusCode, unknown.StatusCode, voided.StatusCode, again.StatusCode));
        var note = await voided.JsonAsync();
        Assert.Equal((1, invoice.Number, 3, -1250L, 0L), (note.GetProperty("number").GetInt32(), note.GetProperty("invoice_number").GetInt32(),
            note.GetProperty("invoice_state").GetInt32(), note.GetProperty("total_cents").GetInt64(), note.GetProperty("account_credit_cents").GetInt64()));
        var stored = await support.GetFromJsonAsync<JsonElement>("/admin/invoicing/credit-notes/1");
        Assert.Equal([-1250L], stored.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("amount_cents").GetInt64()));
        var heroku = await customer.GetFromJsonAsync<JsonElement>($"/account/invoices/{invoice.Number}");
        Assert.Equal((3, 1250m), (heroku.GetProperty("state").GetInt32(), heroku.GetProperty("total").GetDecimal()));
        var after = await InvoiceAsync(host);
        Assert.Equal((InvoiceStatus.Void, invoice.TotalCents, invoice.ChargesCents), (after.Status, after.TotalCents, after.ChargesCents));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", $"type = 'invoicing.invoice_voided.v1' AND payload LIKE '%\"creditNoteTotalCents\":-1250%'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.audit_entries", "action = 'invoice.voided' AND reason = 'billed a deleted app, INC-7' AND before_cents = 1250 AND after_cents = 0"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.credit_notes"));
    }

    [Fact]
    public async Task The_database_allows_only_the_lifecycle_moves_and_never_changes_a_credit_note()
    {
        await using var host = Host();
        var invoice = await IssueOctoberAsync(host);

        await Fixture.ExecuteAsync($"UPDATE invoicing.invoices SET status = 2 WHERE number = {invoice.Number}"); // pending → failed
        await Fixture.ExecuteAsync($"UPDATE invoicing.invoices SET status = 1 WHERE number = {invoice.Number}"); // failed → paid
        await Assert.ThrowsAnyAsync<Exception>(() => Fixture.ExecuteAsync($"UPDATE invoicing.invoices SET status = 0 WHERE number = {invoice.Number}")); // paid → pending
        await Assert.ThrowsAnyAsync<Exception>(() => Fixture.ExecuteAsync($"UPDATE invoicing.invoices SET status = 2 WHERE number = {invoice.Number}")); // paid → failed
        await Fixture.ExecuteAsync($"UPDATE invoicing.invoices SET status = 3 WHERE number = {invoice.Number}"); // paid → void
        await Assert.ThrowsAnyAsync<Exception>(() => Fixture.ExecuteAsync($"UPDATE invoicing.invoices SET status = 1 WHERE number = {invoice.Number}")); // void is terminal
        await Assert.ThrowsAnyAsync<Exception>(() => Fixture.ExecuteAsync($"UPDATE invoicing.invoices SET total_cents = 0 WHERE number = {invoice.Number}"));

        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoices", $"number = {invoice.Number} AND status = 3 AND total_cents = 1250"));
    }

    [Fact]
    public async Task A_paid_invoice_voided_returns_what_was_paid_and_the_credits_it_drew_to_the_account_balance()
    {
        await using var host = Host();
        var invoice = await IssueOctoberAsync(host, creditCents: 200);
        Assert.Equal((200L, 1050L), (invoice.CreditsCents, invoice.TotalCents));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", $"type = 'invoicing.credit_applied.v1' AND payload LIKE '%\"amountCents\":200%' AND payload LIKE '%\"invoiceNumber\":{invoice.Number}%'"));
        legacyPayments.States = [new LegacyInvoicePayment(invoice.Number, invoice.Id, 1, clock.GetUtcNow())];
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var synced = await admin.PostAsync("/admin/invoicing/payment-status/sync", null);
        Assert.Equal(1, (await synced.JsonAsync()).GetProperty("paid").GetInt32());

        var voided = await admin.PostAsJsonAsync($"/admin/invoicing/invoices/{invoice.Number}/void", new { reason = "duplicate charge" });

        Assert.Equal(HttpStatusCode.Created, voided.StatusCode);
        var note = await voided.JsonAsync();
        Assert.Equal((-1050L, 1050L + 200L), (note.GetProperty("total_cents").GetInt64(), note.GetProperty("account_credit_cents").GetInt64()));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.credits", $"account_id = '{Owner.Id}' AND balance_cents = 1250 AND id = '{note.GetProperty("account_credit_id").GetGuid()}'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", "type = 'invoicing.credit_granted.v1'"));
    }

    [Fact]
    public async Task Legacy_payment_states_settle_open_invoices_once_and_are_announced()
    {
        await using var host = Host();
        var invoice = await IssueOctoberAsync(host);
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        legacyPayments.States = [new LegacyInvoicePayment(invoice.Number, Guid.NewGuid(), 1, clock.GetUtcNow())]; // same number, another invoice: not ours

        var stranger = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();
        legacyPayments.States = [new LegacyInvoicePayment(invoice.Number, invoice.Id, 2, clock.GetUtcNow())];
        var failed = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();
        var failedAgain = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();
        legacyPayments.States = [new LegacyInvoicePayment(invoice.Number, invoice.Id, 1, clock.GetUtcNow())];
        var paid = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();
        var paidAgain = await (await admin.PostAsync("/admin/invoicing/payment-status/sync", null)).JsonAsync();

        Assert.Equal((0, 0), (stranger.GetProperty("paid").GetInt32(), stranger.GetProperty("failed").GetInt32()));
        Assert.Equal((1, 0), (failed.GetProperty("failed").GetInt32(), failedAgain.GetProperty("failed").GetInt32()));
        Assert.Equal((1, 0), (paid.GetProperty("paid").GetInt32(), paidAgain.GetProperty("checked").GetInt32()));
        Assert.Equal(InvoiceStatus.Paid, (await InvoiceAsync(host)).Status);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", "type = 'invoicing.invoice_payment_failed.v1'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", "type = 'invoicing.invoice_paid.v1'"));
    }

    /// <summary>Legacy payments' answers as a test scripts them (the real legacy stand-in is exercised in <c>LegacyPaymentStatusTests</c>).</summary>
    private sealed class ScriptedLegacyPayments : ILegacyInvoicePayments
    {
        public IReadOnlyList<LegacyInvoicePayment> States { get; set; } = [];

        public bool IsConfigured => true;

        public Task<IReadOnlyList<LegacyInvoicePayment>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(States);
    }
}
