namespace Billing.ArchitectureTests.Rules;

/// <summary>
/// Violations that exist in src/ today and that this test project may not fix, frozen by exact type name:
/// the rules report them, the module theories tolerate exactly these and nothing new, and
/// KnownViolationsTests fails as soon as one is fixed, so that this list only ever shrinks.
/// </summary>
public static class KnownViolations
{
    /// <summary>
    /// Usage and Payments reference Mediator.SourceGenerator but never configure it (no AddMediator call,
    /// no [assembly: MediatorOptions]), so the generator falls back to its defaults: public types in the
    /// global "Mediator" namespace, the same full names in both assemblies.
    /// Fix: configure it like Licensing/Invoicing (Namespace = "Billing.&lt;M&gt;.Mediation",
    /// GenerateTypesAsInternal = true), or drop the generator until the module has handlers.
    /// </summary>
    private static readonly string[] UnconfiguredMediator =
    [
        "Mediator.Mediator",
        "Mediator.MediatorOptions",
        "Mediator.MediatorOptionsAttribute",
        "Mediator.AssemblyReference",
        "Microsoft.Extensions.DependencyInjection.MediatorDependencyInjectionExtensions",
    ];

    /// <summary>
    /// dotnet-ef scaffolds migrations as public classes. EF finds internal migrations just as well, so the
    /// fix is to make them internal after scaffolding (or to decide that migrations are exempt from the rule).
    /// </summary>
    private static string[] PublicInitialMigrations(string module) =>
    [
        $"Billing.{module}.Persistence.Migrations.Postgres.Initial",
        $"Billing.{module}.Persistence.Migrations.Sqlite.Initial",
    ];

    private static readonly Dictionary<(string Rule, string Module), string[]> Frozen = new()
    {
        [(OnlyTheRegistrarIsPublic.Rule, "Usage")] = [.. UnconfiguredMediator, .. PublicInitialMigrations("Usage")],
        [(OnlyTheRegistrarIsPublic.Rule, "Licensing")] = PublicInitialMigrations("Licensing"),
        [(OnlyTheRegistrarIsPublic.Rule, "Invoicing")] = PublicInitialMigrations("Invoicing"),
        [(OnlyTheRegistrarIsPublic.Rule, "Payments")] = [.. UnconfiguredMediator, .. PublicInitialMigrations("Payments")],
    };

    public static IReadOnlyList<string> For(string rule, string module) =>
        Frozen.TryGetValue((rule, module), out var offenders) ? offenders : [];
}
