using Billing.ArchitectureTests.Modules;
using Billing.BuildingBlocks.Modules;

namespace Billing.ArchitectureTests.Rules;

/// <summary>
/// Rule 3, module half: a module's internal assembly exposes exactly one type, its <see cref="IModule"/>
/// registrar. Anything else public is something other modules could start compiling against.
/// </summary>
public static class OnlyTheRegistrarIsPublic
{
    public const string Rule = "The module's registrar is its only public type";

    public static RuleVerdict Check(ModuleUnderTest module)
    {
        ArgumentNullException.ThrowIfNull(module);

        // GetExportedTypes is exactly "visible outside the assembly": public types, and public types nested in them.
        var exported = module.Internals.GetExportedTypes();
        var registrars = exported.Where(IsRegistrar).ToList();
        var violations = exported
            .Where(type => !IsRegistrar(type))
            .Select(type => new Violation(type.FullName!, "is public but is not the module's IModule registrar"))
            .ToList();
        if (registrars.Count != 1)
        {
            violations.Add(new Violation(module.InternalsName, $"has {registrars.Count} public IModule registrars; exactly one is expected"));
        }

        return new RuleVerdict(Rule, module.InternalsName, violations);
    }

    private static bool IsRegistrar(Type type) => type is { IsClass: true, IsAbstract: false } && typeof(IModule).IsAssignableFrom(type);
}
