using System.Reflection;

namespace Billing.ArchitectureTests.Modules;

/// <summary>
/// A module as the rules see it: its internal assembly and its Contracts assembly. By convention each
/// assembly's name is also its root namespace (Billing.Licensing, Billing.Licensing.Contracts).
/// </summary>
public sealed record ModuleUnderTest(string Name, Assembly Internals, Assembly Contracts)
{
    public string InternalsName => Internals.GetName().Name!;

    public string ContractsName => Contracts.GetName().Name!;

    /// <summary>The internal assembly's root namespace, e.g. <c>Billing.Licensing</c>.</summary>
    public string RootNamespace => InternalsName;

    /// <summary>
    /// Full names of the top-level types the module itself declares (its own namespaces, generated
    /// mediator included). The compiler and source generators also emit types outside the module's
    /// namespace (System.Runtime.CompilerServices.NullableAttribute, Mediator's
    /// Microsoft.Extensions.DependencyInjection extensions) under the same name in every assembly;
    /// matching those by name would flag every module, so they are left to the assembly-reference check.
    /// Nested types need no entry: NetArchTest matches "Outer" against "Outer/Inner".
    /// </summary>
    public string[] OwnTopLevelTypeNames() =>
        Internals.GetTypes()
            .Where(type => type.DeclaringType is null && IsInOwnNamespace(type.Namespace))
            .Select(type => type.FullName!)
            .ToArray();

    public override string ToString() => Name;

    private bool IsInOwnNamespace(string? @namespace) =>
        @namespace is not null && (@namespace == RootNamespace || @namespace.StartsWith(RootNamespace + ".", StringComparison.Ordinal));
}
