using Billing.Invoicing.Contracts.Legacy;
using Billing.LegacyAdapters.Billing.Api;
using Microsoft.Extensions.Options;
using Refit;

namespace Billing.LegacyAdapters.Billing.Invoicing;

/// <summary>Invoice addresses written into legacy billing through its admin <c>PUT /internal/invoice-addresses/{id}</c>.</summary>
internal sealed class LegacyInvoiceAddressWriter(ILegacyBillingApi api, IOptions<LegacyBillingOptions> options) : ILegacyInvoiceAddresses
{
    public bool IsConfigured => options.Value.BaseUrl is not null;

    public async Task WriteAsync(LegacyInvoiceAddressWrite address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var response = await api.PutInvoiceAddressAsync(
            address.AccountId,
            new LegacyAddressWrite(address.Address1, address.Address2, address.City, address.Country, address.Other, address.PostalCode, address.State, address.UseInvoiceAddress),
            cancellationToken);
        await response.EnsureSuccessStatusCodeAsync();
    }
}
