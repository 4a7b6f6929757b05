using System.Reflection;

namespace Billing.ArchitectureTests.Modules;

/// <summary>
/// Every Billing assembly the host is built from, plus every module assembly (a Contracts assembly
/// without types is not referenced by anyone at run time, so the host's graph alone would miss it).
/// Derived rather than listed so that a new building block is covered without editing the tests.
/// </summary>
public static class OurAssemblies
{
    private const string OurPrefix = "Billing.";

    public static IReadOnlyList<Assembly> All { get; } = Collect();

    public static TheoryData<string> Names => new(All.Select(assembly => assembly.GetName().Name!).Order(StringComparer.Ordinal));

    public static Assembly Named(string name) => All.Single(assembly => assembly.GetName().Name == name);

    private static List<Assembly> Collect()
    {
        var found = new Dictionary<string, Assembly>();
        var pending = new Stack<Assembly>(
            BillingModules.All.SelectMany(module => new[] { module.Internals, module.Contracts }).Append(typeof(Program).Assembly));
        while (pending.TryPop(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(IsOurs))
            {
                pending.Push(Assembly.Load(reference));
            }
        }

        return [.. found.Values];
    }

    private static bool IsOurs(AssemblyName name) => name.Name?.StartsWith(OurPrefix, StringComparison.Ordinal) == true;
}
