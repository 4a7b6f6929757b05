using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;

namespace Billing.UnitTests.Invoicing;

public sealed class InvoiceLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static Invoice Issued(BillableOwner owner, long chargeCents = 1000, long creditCents = 0)
    {
        List<RatedLine> lines = [new(LineKind.Dyno, LineCategory.Platform, Guid.NewGuid(), "shop web standard-1x", 0.4m, 2500, chargeCents, new LineExplanation("test"))];
        if (creditCents > 0)
        {
            lines.Add(new RatedLine(LineKind.Credit, LineCategory.Credit, null, "goodwill", 0m, 0, -creditCents, new LineExplanation("credit")));
        }

        return Invoice.Finalize(new RatedInvoice(owner, BillingPeriod.Month(2026, 10), lines, []), 9_500_001, Now);
    }

    [Fact]
    public void Pending_may_fail_then_be_paid_then_voided_and_void_is_terminal()
    {
        var invoice = Issued(BillableOwner.Account(Guid.NewGuid()));

        invoice.MarkFailed(Now);
        invoice.MarkPaid(Now);
        Assert.Throws<InvalidOperationException>(() => invoice.MarkFailed(Now));
        invoice.Void(Now);

        Assert.Equal((InvoiceStatus.Void, 3, 1000L), (invoice.Status, invoice.HerokuState, invoice.TotalCents));
        Assert.Throws<InvalidOperationException>(() => invoice.Void(Now));
        Assert.Throws<InvalidOperationException>(() => invoice.MarkPaid(Now));
        Assert.False(invoice.FollowLegacyState(1, Now));
    }

    [Fact]
    public void A_void_returns_paid_money_and_drawn_credits_to_an_account_but_nothing_to_a_team()
    {
        var account = Issued(BillableOwner.Account(Guid.NewGuid()), chargeCents: 1000, creditCents: 300);
        var team = Issued(BillableOwner.Team(Guid.NewGuid()), chargeCents: 1000);

        Assert.Equal(700 + 300, CreditNote.AccountCreditFor(account, wasPaid: true));
        Assert.Equal(300, CreditNote.AccountCreditFor(account, wasPaid: false));
        Assert.Equal(0, CreditNote.AccountCreditFor(team, wasPaid: true));
        Assert.Equal(-700, CreditNote.For(account, 1, null, "why", "support", Now).TotalCents);
    }
}
