using Mediator;

namespace Billing.Rogue.Handlers;

internal sealed record DoRogueThing : ICommand;

/// <summary>
/// VIOLATION (handlers are not public): a Mediator command handler other modules could call directly.
/// The interface is implemented explicitly only because its command type is internal.
/// </summary>
public sealed class PublicCommandHandler : ICommandHandler<DoRogueThing>
{
    ValueTask<Unit> ICommandHandler<DoRogueThing, Unit>.Handle(DoRogueThing command, CancellationToken cancellationToken) =>
        Unit.ValueTask;
}
