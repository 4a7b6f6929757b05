using Billing.BuildingBlocks.Mediation;
using Billing.Invoicing.Domain;

namespace Billing.UnitTests.Domain;

public sealed class CreditTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_granted_credit_starts_with_its_full_balance_and_a_year_of_validity()
    {
        var credit = Credit.Grant(Guid.NewGuid(), "goodwill", 12_345, null, "outage", "token-1", Now);

        Assert.Equal(12_345, credit.AmountCents);
        Assert.Equal(12_345, credit.BalanceCents);
        Assert.Equal(Now.AddDays(365), credit.ExpiresAt);
    }

    [Fact]
    public void Every_broken_rule_is_reported_by_field()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            Credit.Grant(Guid.NewGuid(), "", 0, Now.AddSeconds(-1), "", "token-1", Now));

        Assert.Equal(["amount", "title", "reason", "expires_at"], error.Errors.Select(e => e.Field));
    }
}
