using System.Linq.Expressions;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Domain;

/// <summary>
/// An account or team Invoicing bills: a team's name (the team invoice routes take name or id) and an
/// account's invoice address (printed on invoices; its jurisdiction picks the tax rate).
/// </summary>
internal sealed class BillingEntity
{
    private BillingEntity()
    {
    }

    public BillingEntity(BillableOwner owner)
    {
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
    }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public string? TeamName { get; private set; }

    public InvoiceAddress Address { get; private set; } = new();

    /// <summary>
    /// When a customer last wrote the address through this module (the write capability in New). From then on this
    /// module owns it: the legacy backfill no longer overwrites it (ADR 0028).
    /// </summary>
    public DateTimeOffset? AddressWrittenAt { get; private set; }

    /// <summary>
    /// Which write legacy was last given (its <see cref="AddressWrittenAt"/>) when the write was rolled back to Legacy.
    /// The write's instant, not the replay's: a customer writing while the replay runs leaves a later write to send.
    /// </summary>
    public DateTimeOffset? AddressReplayedAt { get; private set; }

    /// <summary>Written here and not put back into legacy since: legacy's copy is stale.</summary>
    public bool AddressAwaitingReplay => AddressWrittenAt is { } written && (AddressReplayedAt is null || AddressReplayedAt < written);

    /// <summary><see cref="AddressAwaitingReplay"/> as a query can state it (the same rule, for the replay's selection).</summary>
    public static readonly Expression<Func<BillingEntity, bool>> AwaitsAddressReplay =
        e => e.AddressWrittenAt != null && (e.AddressReplayedAt == null || e.AddressReplayedAt < e.AddressWrittenAt);

    public BillableOwner Owner => new(OwnerKind, OwnerId);

    public bool Rename(string? teamName)
    {
        var changed = TeamName != teamName;
        TeamName = teamName;
        return changed;
    }

    /// <summary>
    /// Legacy's address, unless a customer has written one here that legacy has not been given (legacy's copy is then
    /// stale). Once put back into legacy, legacy owns the address again and later changes there are followed.
    /// </summary>
    public bool FollowLegacyAddress(InvoiceAddress address) => !AddressAwaitingReplay && ChangeAddress(address);

    /// <summary>Legacy now has the address as written at <paramref name="writtenAt"/> (read before it was sent).</summary>
    public void AddressReplayedToLegacy(DateTimeOffset? writtenAt) => AddressReplayedAt = writtenAt;

    /// <summary>The customer wrote the address through this module.</summary>
    public void WriteAddress(InvoiceAddress address, DateTimeOffset now)
    {
        ChangeAddress(address);
        AddressWrittenAt = now;
    }

    public bool ChangeAddress(InvoiceAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var changed = Address != address;
        Address = address;
        return changed;
    }
}

/// <summary>The <c>invoice-address</c> resource's fields; all optional, off unless <see cref="UseInvoiceAddress"/>.</summary>
internal sealed record InvoiceAddress
{
    public string? Address1 { get; init; }

    public string? Address2 { get; init; }

    public string? City { get; init; }

    public string? Country { get; init; }

    public string? HerokuId { get; init; }

    public string? Other { get; init; }

    public string? PostalCode { get; init; }

    public string? State { get; init; }

    public bool UseInvoiceAddress { get; init; }
}

/// <summary>An app's name and billing entity, for invoice lines ("&lt;app&gt; &lt;process&gt; &lt;size&gt;").</summary>
internal sealed class BilledApp
{
    private BilledApp()
    {
        Name = string.Empty;
    }

    public BilledApp(Guid id, string name, BillableOwner owner)
    {
        Id = id;
        Name = name;
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public bool Update(string name, BillableOwner owner)
    {
        var changed = Name != name || OwnerKind != owner.Kind || OwnerId != owner.Id;
        Name = name;
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
        return changed;
    }
}
