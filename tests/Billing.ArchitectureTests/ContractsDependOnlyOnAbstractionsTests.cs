using Billing.ArchitectureTests.Modules;
using Billing.ArchitectureTests.Rules;
using Billing.Rogue.Contracts;

namespace Billing.ArchitectureTests;

public sealed class ContractsDependOnlyOnAbstractionsTests
{
    [Theory]
    [MemberData(nameof(BillingModules.Names), MemberType = typeof(BillingModules))]
    public void Holds_for(string module)
    {
        var verdict = ContractsDependOnlyOnAbstractions.Check(BillingModules.Named(module));

        Assert.True(verdict.IsSatisfied, verdict.FailureMessage);
    }

    [Fact]
    public void Bites_on_the_rogue_contract_that_exposes_an_EF_Core_DbContext()
    {
        var verdict = ContractsDependOnlyOnAbstractions.Check(RogueFixture.Module);

        Assert.False(verdict.IsSatisfied);
        Assert.Contains(typeof(RogueReadModel).FullName!, verdict.Offenders);
        Assert.Contains(typeof(RogueReadModel).FullName!, verdict.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(verdict.Violations, violation =>
            violation.Offender == RogueFixture.Module.ContractsName && violation.Reason.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        // The well-behaved event beside it must not be dragged in.
        Assert.DoesNotContain(typeof(RogueHappened).FullName!, verdict.Offenders);
    }
}
