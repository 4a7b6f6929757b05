using System.Globalization;
using Billing.Invoicing.Contracts.Legacy;
using Billing.LegacyAdapters.Billing.Api;
using Microsoft.Extensions.Options;
using Refit;

namespace Billing.LegacyAdapters.Billing.Invoicing;

/// <summary>Promo-code redemptions written into legacy billing through its admin <c>PUT /internal/credits/{id}</c>.</summary>
internal sealed class LegacyCreditRedemptionWriter(ILegacyBillingApi api, IOptions<LegacyBillingOptions> options) : ILegacyCreditRedemptions
{
    public bool IsConfigured => options.Value.BaseUrl is not null;

    public async Task WriteAsync(LegacyCreditRedemption redemption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        var response = await api.PutRedeemedCreditAsync(
            redemption.CreditId,
            new LegacyRedemptionWrite(
                redemption.AccountId, redemption.Code1, redemption.Code2,
                redemption.RedeemedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), redemption.BalanceCents),
            cancellationToken);
        await response.EnsureSuccessStatusCodeAsync();
    }
}
