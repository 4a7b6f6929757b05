using System.Reflection;
using Billing.BuildingBlocks.Abstractions;
using Mediator;

namespace Billing.ArchitectureTests.Rules;

/// <summary>
/// Rule 3, handler half: no assembly of ours exposes a request, notification or integration-event handler.
/// A public handler invites other modules to call it directly instead of going through Contracts and events.
/// </summary>
public static class HandlersAreNotPublic
{
    public const string Rule = "Handlers are not public";

    /// <summary>
    /// Every generic *Handler interface Mediator ships (command, query, request, notification, stream
    /// variants), read from its assembly so that a handler kind added in a Mediator upgrade is covered too,
    /// plus our integration-event handler.
    /// </summary>
    public static IReadOnlySet<Type> HandlerInterfaces { get; } =
        typeof(ICommandHandler<,>).Assembly.GetExportedTypes()
            .Where(type => type is { IsInterface: true, IsGenericTypeDefinition: true } && type.Name.Split('`')[0].EndsWith("Handler", StringComparison.Ordinal))
            .Append(typeof(IIntegrationEventHandler<>))
            .ToHashSet();

    public static RuleVerdict Check(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var violations = assembly.GetExportedTypes()
            .Where(IsHandler)
            .Select(type => new Violation(type.FullName!, "is a public handler"))
            .ToList();
        return new RuleVerdict(Rule, assembly.GetName().Name!, violations);
    }

    private static bool IsHandler(Type type) =>
        type.GetInterfaces().Any(@interface => @interface.IsGenericType && HandlerInterfaces.Contains(@interface.GetGenericTypeDefinition()));
}
