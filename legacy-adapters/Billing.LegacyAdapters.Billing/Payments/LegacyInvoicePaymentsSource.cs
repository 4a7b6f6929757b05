using Billing.Invoicing.Contracts.Legacy;
using Billing.LegacyAdapters.Billing.Api;
using Microsoft.Extensions.Options;
using Refit;

namespace Billing.LegacyAdapters.Billing.Payments;

/// <summary>Legacy payments' state of every invoice, from legacy billing's <c>/internal/invoice-payments</c> export (admin token).</summary>
internal sealed class LegacyInvoicePaymentsSource(ILegacyBillingApi api, IOptions<LegacyBillingOptions> options) : ILegacyInvoicePayments
{
    public bool IsConfigured => options.Value.BaseUrl is not null;

    public async Task<IReadOnlyList<LegacyInvoicePayment>> ListAsync(CancellationToken cancellationToken)
    {
        var response = await api.ListInvoicePaymentsAsync(cancellationToken);
        await response.EnsureSuccessStatusCodeAsync();
        return [.. (response.Content ?? []).Select(p => new LegacyInvoicePayment(p.Number, p.Id, p.State, p.UpdatedAt))];
    }
}
