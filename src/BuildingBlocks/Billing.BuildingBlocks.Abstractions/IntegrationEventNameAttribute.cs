namespace Billing.BuildingBlocks.Abstractions;

/// <summary>
/// The stable wire name of an integration event (e.g. <c>licensing.dyno_size_published.v1</c>).
/// Outbox rows store this name rather than the CLR type name so that types can be renamed or moved
/// without stranding rows that are already written.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class IntegrationEventNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
