namespace Billing.ArchitectureTests.Rules;

/// <summary>One offence against a rule: the offending type (or assembly) and what it did.</summary>
public sealed record Violation(string Offender, string Reason)
{
    public override string ToString() => $"{Offender}: {Reason}";
}
