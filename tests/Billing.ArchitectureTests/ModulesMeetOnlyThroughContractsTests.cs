using Billing.ArchitectureTests.Modules;
using Billing.ArchitectureTests.Rules;
using Billing.Rogue;
using Billing.Rogue.Reaching;

namespace Billing.ArchitectureTests;

public sealed class ModulesMeetOnlyThroughContractsTests
{
    [Theory]
    [MemberData(nameof(BillingModules.Names), MemberType = typeof(BillingModules))]
    public void Holds_for(string module)
    {
        var underTest = BillingModules.Named(module);

        var verdict = ModulesMeetOnlyThroughContracts.Check(underTest, BillingModules.OtherThan(underTest));

        Assert.True(verdict.IsSatisfied, verdict.FailureMessage);
    }

    [Fact]
    public void Bites_on_the_rogue_fixture_that_uses_a_Licensing_internal_type()
    {
        var verdict = ModulesMeetOnlyThroughContracts.Check(RogueFixture.Module, BillingModules.All);

        Assert.False(verdict.IsSatisfied);
        Assert.Contains(typeof(ReachesIntoLicensing).FullName!, verdict.Offenders);
        Assert.Contains(typeof(ReachesIntoLicensing).FullName!, verdict.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(verdict.Violations, violation =>
            violation.Offender == RogueFixture.Module.InternalsName && violation.Reason.Contains("Billing.Licensing", StringComparison.Ordinal));
        Assert.DoesNotContain(typeof(RogueModule).FullName!, verdict.Offenders);
    }
}
