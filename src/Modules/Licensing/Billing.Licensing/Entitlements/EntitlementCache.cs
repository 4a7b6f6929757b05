using System.Collections.Concurrent;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Domain.Enterprise;

namespace Billing.Licensing.Entitlements;

/// <summary>
/// In-process snapshots of what each owner may do, so an entitlement check is a dictionary lookup and arithmetic.
/// Licensing's own events drop the affected snapshots (contract changes, consumption, delinquency, price book);
/// a snapshot also expires at the next instant its answer could change by itself (a contract's end, an amendment
/// taking effect, the month's end) and after <see cref="EntitlementOptions.MaxAge"/> at the latest, which bounds
/// how stale another instance can be (the outbox delivers each event to one instance).
/// </summary>
internal sealed class EntitlementCache
{
    private readonly ConcurrentDictionary<BillableOwner, OwnerEntitlements> _owners = new();

    public bool TryGet(BillableOwner owner, DateTimeOffset now, out OwnerEntitlements entitlements)
    {
        if (_owners.TryGetValue(owner, out entitlements!) && now < entitlements.ValidUntil)
        {
            return true;
        }

        return false;
    }

    public void Put(BillableOwner owner, OwnerEntitlements entitlements) => _owners[owner] = entitlements;

    public void Invalidate(BillableOwner owner) => _owners.TryRemove(owner, out _);

    /// <summary>Drops every team of the enterprise account (its licences and pooled consumption changed).</summary>
    public void InvalidateEnterprise(Guid enterpriseAccountId)
    {
        foreach (var (owner, entitlements) in _owners)
        {
            if (entitlements.EnterpriseAccountId == enterpriseAccountId)
            {
                _owners.TryRemove(owner, out _);
            }
        }
    }

    public void InvalidateAll() => _owners.Clear();
}
