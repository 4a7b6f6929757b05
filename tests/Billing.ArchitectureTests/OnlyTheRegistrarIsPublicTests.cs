using Billing.ArchitectureTests.Modules;
using Billing.ArchitectureTests.Rules;
using Billing.Rogue;
using Billing.Rogue.Exposure;
using Billing.Rogue.Handlers;

namespace Billing.ArchitectureTests;

public sealed class OnlyTheRegistrarIsPublicTests
{
    [Theory]
    [MemberData(nameof(BillingModules.Names), MemberType = typeof(BillingModules))]
    public void Holds_for(string module)
    {
        var verdict = OnlyTheRegistrarIsPublic.Check(BillingModules.Named(module));

        Assert.True(verdict.IsSatisfied, verdict.FailureMessage);
    }

    [Fact]
    public void Bites_on_the_rogue_module_that_exposes_a_helper_and_handlers()
    {
        var verdict = OnlyTheRegistrarIsPublic.Check(RogueFixture.Module);

        Assert.False(verdict.IsSatisfied);
        Assert.Contains(typeof(PublicHelper).FullName!, verdict.Offenders);
        Assert.Contains(typeof(PublicCommandHandler).FullName!, verdict.Offenders);
        Assert.Contains(typeof(PublicHelper).FullName!, verdict.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(RogueModule).FullName!, verdict.Offenders);
    }
}
