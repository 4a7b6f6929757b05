using Billing.ArchitectureTests.Modules;

namespace Billing.ArchitectureTests.Rules;

/// <summary>
/// Rule 5: a module sees legacy services only through its own port interfaces, implemented by an adapter
/// in legacy-adapters/. So neither its internals nor its Contracts reference Refit or an adapter assembly;
/// the reference goes the other way (adapter → module Contracts or building blocks).
/// </summary>
public static class ModulesDoNotCallLegacyDirectly
{
    public const string Rule = "Modules reach legacy only through their ports, never Refit or Billing.LegacyAdapters.*";

    private static readonly string[] ForbiddenPrefixes = ["Refit", "Billing.LegacyAdapters"];

    public static RuleVerdict Check(ModuleUnderTest module)
    {
        ArgumentNullException.ThrowIfNull(module);

        // Compiled references only list assemblies actually used, which is what matters at run time.
        var violations = new[] { module.Internals, module.Contracts }
            .SelectMany(assembly => assembly.GetReferencedAssemblies()
                .Where(reference => ForbiddenPrefixes.Any(prefix => reference.Name?.StartsWith(prefix, StringComparison.Ordinal) == true))
                .Select(reference => new Violation(assembly.GetName().Name!, $"assembly references {reference.Name}")))
            .ToList();
        return new RuleVerdict(Rule, module.Name, violations);
    }
}
