using System.Reflection;
using Billing.ArchitectureTests.Modules;
using Billing.BuildingBlocks.Abstractions;
using NetArchTest.Rules;

namespace Billing.ArchitectureTests.Rules;

/// <summary>
/// Rule 2: a Contracts assembly depends on nothing but the framework and the building-block abstractions,
/// so that consuming a module's contract never drags in its persistence, web or job stack.
/// </summary>
public static class ContractsDependOnlyOnAbstractions
{
    public const string Rule = "Contracts depend on nothing but building-block abstractions";

    private static readonly string AbstractionsNamespace = typeof(IntegrationEvent).Namespace!;

    private static readonly string AbstractionsAssembly = typeof(IntegrationEvent).Assembly.GetName().Name!;

    public static RuleVerdict Check(ModuleUnderTest module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return new RuleVerdict(Rule, module.ContractsName, [.. TypesWithForeignDependencies(module), .. ForeignReferences(module)]);
    }

    private static IEnumerable<Violation> TypesWithForeignDependencies(ModuleUnderTest module)
    {
        string[] allowed =
        [
            "System",
            AbstractionsNamespace,
            module.ContractsName,
            // Records and nullable annotations make the compiler embed Microsoft.CodeAnalysis.EmbeddedAttribute.
            "Microsoft.CodeAnalysis",
        ];
        var result = Types.InAssembly(module.Contracts).Should().OnlyHaveDependenciesOn(allowed).GetResult();
        return (result.FailingTypeNames ?? [])
            .Select(type => new Violation(type, $"depends on something other than {string.Join(", ", allowed)}"));
    }

    private static IEnumerable<Violation> ForeignReferences(ModuleUnderTest module) =>
        module.Contracts.GetReferencedAssemblies()
            .Where(reference => !IsAllowedReference(reference))
            .Select(reference => new Violation(module.ContractsName, $"assembly references {reference.Name}"));

    private static bool IsAllowedReference(AssemblyName reference) =>
        reference.Name is { } name
        && (name == "System" || name.StartsWith("System.", StringComparison.Ordinal) || name == "netstandard" || name == AbstractionsAssembly);
}
