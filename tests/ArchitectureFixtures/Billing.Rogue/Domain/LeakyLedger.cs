namespace Billing.Rogue.Domain;

/// <summary>A domain entity; harmless on its own.</summary>
internal sealed class LeakyLedger
{
    public Guid Id { get; set; }
}
