using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions;

namespace Billing.BuildingBlocks.Messaging;

internal static class IntegrationEventNames
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of(Type eventType) => Names.GetOrAdd(eventType, t =>
        t.GetCustomAttribute<IntegrationEventNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{t.FullName} needs an [IntegrationEventName] to be published."));
}

internal static class IntegrationEventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
