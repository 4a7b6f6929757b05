using Billing.Rogue;
using Billing.Rogue.Contracts;

namespace Billing.ArchitectureTests.Modules;

/// <summary>
/// The deliberately broken fake module under tests/ArchitectureFixtures. Only the "rule bites" tests use it;
/// it is never part of <see cref="BillingModules"/>.
/// </summary>
public static class RogueFixture
{
    public static ModuleUnderTest Module { get; } = new("Rogue", typeof(RogueModule).Assembly, typeof(RogueRow).Assembly);
}
