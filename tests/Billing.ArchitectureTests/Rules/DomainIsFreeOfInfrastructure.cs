using Billing.ArchitectureTests.Modules;
using NetArchTest.Rules;

namespace Billing.ArchitectureTests.Rules;

/// <summary>
/// Rule 4: domain code (namespaces containing ".Domain") knows nothing of EF Core, Hangfire, Refit,
/// ASP.NET or the module's own persistence, so that domain rules stay testable without any of them.
/// </summary>
public static class DomainIsFreeOfInfrastructure
{
    public const string Rule = "Domain code does not depend on EF Core, Hangfire, Refit or ASP.NET";

    private const string DomainNamespacePart = ".Domain";

    private static readonly string[] Infrastructure = ["Microsoft.EntityFrameworkCore", "Hangfire", "Refit", "Microsoft.AspNetCore"];

    public static RuleVerdict Check(ModuleUnderTest module)
    {
        ArgumentNullException.ThrowIfNull(module);

        // One query per forbidden namespace, so that each violation says what the type depends on.
        var violations = Infrastructure
            .Append($"{module.RootNamespace}.Persistence")
            .SelectMany(forbidden => DomainTypesDependingOn(module, forbidden)
                .Select(type => new Violation(type, $"is domain code but depends on {forbidden}")))
            .ToList();
        return new RuleVerdict(Rule, module.InternalsName, violations);
    }

    private static IEnumerable<string> DomainTypesDependingOn(ModuleUnderTest module, string forbidden) =>
        Types.InAssembly(module.Internals)
            .That().ResideInNamespaceContaining(DomainNamespacePart)
            .Should().NotHaveDependencyOn(forbidden)
            .GetResult()
            .FailingTypeNames ?? [];
}
