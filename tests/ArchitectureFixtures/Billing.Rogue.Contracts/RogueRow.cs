namespace Billing.Rogue.Contracts;

/// <summary>The row <see cref="RogueReadModel"/> exposes; harmless on its own.</summary>
public sealed class RogueRow
{
    public Guid Id { get; set; }
}
