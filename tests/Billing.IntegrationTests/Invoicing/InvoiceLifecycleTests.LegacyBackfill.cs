using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>The legacy backfill re-run after invoices were issued here: it never undoes or rewrites them (audit, ADR 0040).</summary>
public sealed partial class InvoiceLifecycleTests
{
    private static readonly Guid LegacyCreditId = Guid.NewGuid();

    /// <summary>Legacy's copy of the credit: 1000 cents left, last changed in September (legacy never learns of draws made here).</summary>
    private static LegacyBillingRecord LegacyCredit(long balanceCents, DateTimeOffset updatedAt) =>
        new(null, null, null, new LegacyCreditEntry(LegacyCreditId, Owner.Id, "gift card", 1000, balanceCents, October.Start.AddMonths(-1), October.End.AddYears(1), updatedAt));

    private static async Task ImportAsync(WebApplicationFactory<Program> host, LegacyBillingRecord record)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        await scope.ServiceProvider.GetRequiredService<IBackfillTarget<InvoicingDbContext, LegacyBillingRecord>>().UpsertAsync(db, [record], CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private static async Task<long> LegacyCreditBalanceAsync(WebApplicationFactory<Program> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<InvoicingDbContext>().Credits.AsNoTracking().SingleAsync(c => c.Id == LegacyCreditId)).BalanceCents;
    }

    /// <summary>
    /// The backfill re-run put legacy's balance (1000) back over a credit an invoice issued here had used up, so the next
    /// invoice drew the same 1000 cents again: the customer was under-charged by a whole credit each re-run.
    /// </summary>
    [Fact]
    public async Task A_backfill_rerun_never_restores_a_legacy_credit_an_invoice_here_drew()
    {
        await using var host = Host();
        var september = October.Start.AddDays(-10);
        await ImportAsync(host, LegacyCredit(1000, september));

        var invoice = await IssueOctoberAsync(host);
        Assert.Equal((1000L, 250L, 0L), (invoice.CreditsCents, invoice.TotalCents, await LegacyCreditBalanceAsync(host)));

        await ImportAsync(host, LegacyCredit(1000, september));
        Assert.Equal(0L, await LegacyCreditBalanceAsync(host));

        // While legacy still bills, a change legacy made after this host's last one is still followed.
        await ImportAsync(host, LegacyCredit(400, clock.GetUtcNow().AddDays(1)));
        Assert.Equal(400L, await LegacyCreditBalanceAsync(host));
    }

    /// <summary>
    /// The backfill matched a legacy invoice to ours by number alone: a legacy invoice numbered like one issued here (legacy's
    /// counter ran on after the host's numbering started) moved our invoice to legacy's payment state — another owner's
    /// invoice marked paid, so it was never collected.
    /// </summary>
    [Fact]
    public async Task A_legacy_invoice_with_the_number_of_one_issued_here_never_changes_ours()
    {
        await using var host = Host();
        var ours = await IssueOctoberAsync(host);
        var stranger = new LegacyInvoiceEntry(Guid.NewGuid(), ours.Number, Billing.BuildingBlocks.Abstractions.Billing.BillableOwner.Account(Guid.NewGuid()), October.Start, October.End,
            (int)InvoiceStatus.Paid, 700, 0, 700, 700, 0, 0, 0m, 0m, October.End, October.End.AddDays(3), []);

        await ImportAsync(host, new LegacyBillingRecord(null, null, stranger, null));

        var after = await InvoiceAsync(host);
        Assert.Equal((ours.Id, InvoiceStatus.Finalized, ours.TotalCents), (after.Id, after.Status, after.TotalCents));
        Assert.Equal(1L, await Fixture.CountAsync("invoicing.invoices", $"number = {ours.Number}"));
    }
}
