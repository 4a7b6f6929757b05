namespace Billing.Invoicing.Contracts.Legacy;

/// <summary>Legacy's payment state of one invoice: <see cref="State"/> 0 pending, 1 successful, 2 failed.</summary>
public sealed record LegacyInvoicePayment(int Number, Guid InvoiceId, int State, DateTimeOffset UpdatedAt);

/// <summary>
/// Where invoice payment states come from while Payments is unmigrated: the legacy payments service (implemented by the
/// legacy billing adapter, registered by the host). <see cref="IsConfigured"/> is false when no legacy service is set.
/// </summary>
public interface ILegacyInvoicePayments
{
    bool IsConfigured { get; }

    Task<IReadOnlyList<LegacyInvoicePayment>> ListAsync(CancellationToken cancellationToken);
}
