using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Mediation;

/// <summary>
/// Wraps every command in one transaction on its own module's DbContext: the handler's changes and
/// the outbox rows they publish are saved and committed together, or not at all. Queries pass through.
/// </summary>
public sealed class UnitOfWorkBehavior<TMessage, TResponse>(IServiceProvider services, ModuleCatalog catalog, OutboxSignal outboxSignal)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (message is not IBaseCommand)
        {
            return await next(message, cancellationToken);
        }

        var module = catalog.GetOwnerOf(typeof(TMessage));
        var context = (ModuleDbContext)services.GetRequiredService(module.DbContextType);
        if (context.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
        }

        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var response = await next(message, cancellationToken);
        var published = context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (published)
        {
            outboxSignal.Notify();
        }

        return response;
    }
}
