using Billing.ArchitectureTests.Modules;
using Billing.ArchitectureTests.Rules;
using Billing.BuildingBlocks.Abstractions;
using Billing.Rogue.Handlers;
using Mediator;

namespace Billing.ArchitectureTests;

public sealed class HandlersAreNotPublicTests
{
    [Theory]
    [MemberData(nameof(OurAssemblies.Names), MemberType = typeof(OurAssemblies))]
    public void Holds_for(string assembly)
    {
        var verdict = HandlersAreNotPublic.Check(OurAssemblies.Named(assembly));

        Assert.True(verdict.IsSatisfied, verdict.FailureMessage);
    }

    [Fact]
    public void Looks_for_every_handler_kind_the_modules_implement()
    {
        Type[] used = [typeof(ICommandHandler<,>), typeof(IQueryHandler<,>), typeof(IRequestHandler<,>), typeof(INotificationHandler<>), typeof(IIntegrationEventHandler<>)];

        Assert.All(used, handler => Assert.Contains(handler, HandlersAreNotPublic.HandlerInterfaces));
    }

    [Fact]
    public void Bites_on_the_rogue_module_public_handlers_and_nothing_else()
    {
        var verdict = HandlersAreNotPublic.Check(RogueFixture.Module.Internals);

        Assert.False(verdict.IsSatisfied);
        Assert.Equal(
            new[] { typeof(PublicCommandHandler).FullName!, typeof(PublicIntegrationEventHandler).FullName! }.Order(StringComparer.Ordinal),
            verdict.Offenders.Order(StringComparer.Ordinal));
        Assert.Contains(typeof(PublicIntegrationEventHandler).FullName!, verdict.FailureMessage, StringComparison.Ordinal);
    }
}
