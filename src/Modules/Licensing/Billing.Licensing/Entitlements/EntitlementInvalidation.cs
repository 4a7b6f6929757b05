using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Messaging;
using Billing.Licensing.Contracts;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Billing.Licensing.Entitlements;

/// <summary>
/// Drops cached entitlements when Licensing's own events commit: the events a Licensing transaction writes to its
/// outbox (contract changes, threshold crossings, price-book changes), plus the two changes that have no event of
/// their own (measured consumption, delinquency reports). Observed at commit in the instance that made the change,
/// not through outbox delivery: the outbox hands each event to one instance only, and on the embedded SQLite default
/// a module cannot consume its own outbox (the delivering transaction holds the database's write lock). Other
/// instances catch up within <see cref="EntitlementOptions.MaxAge"/>.
/// </summary>
internal sealed class EntitlementInvalidation(EntitlementCache owners, CatalogueCache catalogue, IntegrationEventHandlerRegistry events)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);
    private readonly ConditionalWeakTable<DbContext, List<Action>> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData?.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        FlushIfCommitted(eventData?.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        FlushIfCommitted(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData?.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData?.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData?.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData?.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is not LicensingDbContext db)
        {
            return;
        }

        var pending = _pending.GetOrCreateValue(db);
        foreach (var entry in db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added))
        {
            if (events.FindEventType(entry.Entity.Type) is { } type && JsonSerializer.Deserialize(entry.Entity.Payload, type, EventJson) is IntegrationEvent published)
            {
                pending.Add(InvalidationFor(published));
            }
        }

        foreach (var entry in db.ChangeTracker.Entries<LicenceConsumption>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            var account = entry.Entity.EnterpriseAccountId;
            pending.Add(() => owners.InvalidateEnterprise(account));
        }

        foreach (var entry in db.ChangeTracker.Entries<OwnerDelinquency>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            if (BillableOwner.TryParse(entry.Entity.Owner, out var owner))
            {
                pending.Add(() => owners.Invalidate(owner.Value));
            }
        }

        if (db.ChangeTracker.Entries<EnterpriseTeam>().Any(e => e.State is EntityState.Added or EntityState.Modified))
        {
            pending.Add(owners.InvalidateAll);
        }
    }

    private Action InvalidationFor(IntegrationEvent published) => published switch
    {
        ContractChanged changed => () => owners.InvalidateEnterprise(changed.EnterpriseAccountId),
        LicenceThresholdCrossed crossed => () => owners.InvalidateEnterprise(crossed.EnterpriseAccountId),
        DynoSizePublished or DynoSizePriceChanged or PlanPriced => catalogue.Invalidate,
        _ => () => { },
    };

    private void FlushIfCommitted(DbContext? context)
    {
        // Without an explicit transaction SaveChanges committed by itself.
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Flush(context);
        }
    }

    private void Flush(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var invalidate in pending)
        {
            invalidate();
        }
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
