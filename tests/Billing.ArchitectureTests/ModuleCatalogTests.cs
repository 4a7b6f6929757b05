using System.Reflection;
using Billing.ArchitectureTests.Modules;
using Billing.BuildingBlocks.Modules;

namespace Billing.ArchitectureTests;

/// <summary>The rules only protect the modules they are run over; these tests keep that list honest.</summary>
public sealed class ModuleCatalogTests
{
    [Fact]
    public void Every_module_the_host_composes_is_checked_by_the_rules()
    {
        var composedByHost = typeof(Program).Assembly.GetReferencedAssemblies()
            .Select(Assembly.Load)
            .Where(assembly => assembly.GetExportedTypes().Any(type => type is { IsClass: true, IsAbstract: false } && typeof(IModule).IsAssignableFrom(type)))
            .Select(assembly => assembly.GetName().Name!);

        Assert.Equal(composedByHost.Order(StringComparer.Ordinal), BillingModules.All.Select(module => module.InternalsName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_rogue_fixture_is_kept_out_of_the_real_modules_and_the_host()
    {
        var rogue = RogueFixture.Module;

        Assert.DoesNotContain(BillingModules.All, module => module.Internals == rogue.Internals || module.Contracts == rogue.Contracts);
        Assert.DoesNotContain(OurAssemblies.All, assembly => assembly == rogue.Internals || assembly == rogue.Contracts);
    }

    [Fact]
    public void Each_module_is_paired_with_its_own_Contracts_assembly()
    {
        Assert.All(BillingModules.All, module => Assert.Equal($"{module.InternalsName}.Contracts", module.ContractsName));
    }
}
