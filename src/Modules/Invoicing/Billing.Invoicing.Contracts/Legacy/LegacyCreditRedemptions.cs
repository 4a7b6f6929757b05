namespace Billing.Invoicing.Contracts.Legacy;

/// <summary>
/// A promo-code redemption made here, as legacy stores it: the credit its own redemption would have made for that
/// account and code (<paramref name="CreditId"/>, which legacy derives the same way), as of
/// <paramref name="RedeemedAt"/>, with the balance it has here now.
/// </summary>
public sealed record LegacyCreditRedemption(Guid CreditId, Guid AccountId, string Code1, string Code2, DateTimeOffset RedeemedAt, long BalanceCents);

/// <summary>
/// Writes promo-code redemptions into the legacy billing service (implemented by the legacy billing adapter, registered
/// by the host): how credits customers redeemed here while <c>credits.account.write</c> was <c>New</c> go back when it
/// is rolled back. <see cref="IsConfigured"/> is false when no legacy service is set.
/// </summary>
public interface ILegacyCreditRedemptions
{
    bool IsConfigured { get; }

    /// <summary>Creates the credit in legacy unless it has it already (idempotent); throws when legacy refuses or cannot be reached.</summary>
    Task WriteAsync(LegacyCreditRedemption redemption, CancellationToken cancellationToken);
}
