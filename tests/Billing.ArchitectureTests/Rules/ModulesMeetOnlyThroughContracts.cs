using Billing.ArchitectureTests.Modules;
using NetArchTest.Rules;

namespace Billing.ArchitectureTests.Rules;

/// <summary>Rule 1: a module reaches another module only through that module's Contracts assembly.</summary>
public static class ModulesMeetOnlyThroughContracts
{
    public const string Rule = "A module reaches another module only through its Contracts";

    public static RuleVerdict Check(ModuleUnderTest module, IEnumerable<ModuleUnderTest> otherModules)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(otherModules);

        var violations = new List<Violation>();
        foreach (var other in otherModules)
        {
            violations.AddRange(TypesUsingTheInternalsOf(other, module));
            violations.AddRange(ReferenceToTheInternalsOf(other, module));
        }

        return new RuleVerdict(Rule, module.Name, violations);
    }

    private static IEnumerable<Violation> TypesUsingTheInternalsOf(ModuleUnderTest other, ModuleUnderTest module)
    {
        // Concrete type names, not the namespace: NetArchTest matches a dependency by namespace prefix, so
        // "Billing.Licensing" would also flag every legitimate use of Billing.Licensing.Contracts.
        var internalTypes = other.OwnTopLevelTypeNames();
        if (internalTypes.Length == 0)
        {
            return [];
        }

        var result = Types.InAssembly(module.Internals).Should().NotHaveDependencyOnAny(internalTypes).GetResult();
        return (result.FailingTypeNames ?? [])
            .Select(type => new Violation(type, $"uses a type of {other.InternalsName} instead of {other.ContractsName}"));
    }

    // Catches what the type scan cannot see: uses of generated types outside the other module's namespace,
    // and a project reference that only waits for its first use.
    private static IEnumerable<Violation> ReferenceToTheInternalsOf(ModuleUnderTest other, ModuleUnderTest module) =>
        module.Internals.GetReferencedAssemblies()
            .Where(reference => reference.Name == other.InternalsName)
            .Select(reference => new Violation(module.InternalsName, $"assembly references {reference.Name}, another module's internals"));
}
