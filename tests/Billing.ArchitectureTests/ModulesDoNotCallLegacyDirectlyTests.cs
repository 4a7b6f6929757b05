using Billing.ArchitectureTests.Modules;
using Billing.ArchitectureTests.Rules;

namespace Billing.ArchitectureTests;

public sealed class ModulesDoNotCallLegacyDirectlyTests
{
    [Theory]
    [MemberData(nameof(BillingModules.Names), MemberType = typeof(BillingModules))]
    public void Holds_for(string module)
    {
        var verdict = ModulesDoNotCallLegacyDirectly.Check(BillingModules.Named(module));

        Assert.True(verdict.IsSatisfied, verdict.FailureMessage);
    }

    [Fact]
    public void Bites_on_an_assembly_that_references_the_legacy_adapter()
    {
        // The host composes the adapter, so as a stand-in "module" it must be flagged.
        var host = typeof(Program).Assembly;
        var verdict = ModulesDoNotCallLegacyDirectly.Check(new ModuleUnderTest("Host", host, host));

        Assert.False(verdict.IsSatisfied);
        Assert.Contains("Billing.LegacyAdapters.Billing", verdict.FailureMessage, StringComparison.Ordinal);
    }
}
