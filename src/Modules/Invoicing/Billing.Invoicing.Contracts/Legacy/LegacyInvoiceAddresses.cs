namespace Billing.Invoicing.Contracts.Legacy;

/// <summary>An account's invoice address as legacy stores it; a null field is left as legacy has it.</summary>
public sealed record LegacyInvoiceAddressWrite(
    Guid AccountId, string? Address1, string? Address2, string? City, string? Country, string? Other, string? PostalCode, string? State, bool UseInvoiceAddress);

/// <summary>
/// Writes invoice addresses into the legacy billing service (implemented by the legacy billing adapter, registered by
/// the host): how addresses customers wrote here while the write was <c>New</c> go back when it is rolled back.
/// <see cref="IsConfigured"/> is false when no legacy service is set.
/// </summary>
public interface ILegacyInvoiceAddresses
{
    bool IsConfigured { get; }

    /// <summary>Replaces the account's address in legacy (idempotent); throws when legacy refuses or cannot be reached.</summary>
    Task WriteAsync(LegacyInvoiceAddressWrite address, CancellationToken cancellationToken);
}
