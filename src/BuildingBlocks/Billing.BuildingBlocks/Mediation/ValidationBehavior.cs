using Mediator;

namespace Billing.BuildingBlocks.Mediation;

/// <summary>Runs every validator registered for the message; the handler never sees an invalid message.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var errors = validators.SelectMany(v => v.Validate(message)).ToList();
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return next(message, cancellationToken);
    }
}
