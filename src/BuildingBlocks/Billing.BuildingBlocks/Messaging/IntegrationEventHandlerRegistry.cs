using Billing.BuildingBlocks.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Messaging;

/// <summary>Which event names exist and which handlers consume each, filled in by the module registrars.</summary>
public sealed class IntegrationEventHandlerRegistry
{
    private readonly Dictionary<string, Type> _eventTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<HandlerRegistration>> _handlers = [];

    public void AddHandler<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        AddEvent(typeof(TEvent));
        if (!_handlers.TryGetValue(typeof(TEvent), out var list))
        {
            _handlers[typeof(TEvent)] = list = [];
        }

        list.Add(new HandlerRegistration(
            typeof(THandler),
            (sp, e, ct) => sp.GetRequiredService<THandler>().Handle((TEvent)e, ct)));
    }

    /// <summary>Makes an event name known even when nothing consumes it yet, so its rows can be read back.</summary>
    public void AddEvent(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        _eventTypes[IntegrationEventNames.Of(eventType)] = eventType;
    }

    public Type? FindEventType(string name) => _eventTypes.GetValueOrDefault(name);

    public IReadOnlyList<HandlerRegistration> HandlersOf(Type eventType) =>
        _handlers.TryGetValue(eventType, out var list) ? list : [];
}

/// <summary>One consumer of one event; <see cref="Consumer"/> is the name its inbox rows carry.</summary>
public sealed record HandlerRegistration(Type HandlerType, Func<IServiceProvider, IntegrationEvent, CancellationToken, Task> Invoke)
{
    public string Consumer => HandlerType.FullName ?? HandlerType.Name;
}
