using Billing.ArchitectureTests.Modules;
using Billing.ArchitectureTests.Rules;
using Billing.Rogue.Domain;

namespace Billing.ArchitectureTests;

public sealed class DomainIsFreeOfInfrastructureTests
{
    [Theory]
    [MemberData(nameof(BillingModules.Names), MemberType = typeof(BillingModules))]
    public void Holds_for(string module)
    {
        var verdict = DomainIsFreeOfInfrastructure.Check(BillingModules.Named(module));

        Assert.True(verdict.IsSatisfied, verdict.FailureMessage);
    }

    [Fact]
    public void Bites_on_the_rogue_domain_type_that_maps_itself_with_EF_Core()
    {
        var verdict = DomainIsFreeOfInfrastructure.Check(RogueFixture.Module);

        Assert.False(verdict.IsSatisfied);
        Assert.Contains(typeof(LeakyLedgerMapping).FullName!, verdict.Offenders);
        Assert.Contains($"{typeof(LeakyLedgerMapping).FullName}: is domain code but depends on Microsoft.EntityFrameworkCore", verdict.FailureMessage, StringComparison.Ordinal);
        // The plain entity beside it must not be dragged in.
        Assert.DoesNotContain(typeof(LeakyLedger).FullName!, verdict.Offenders);
    }
}
