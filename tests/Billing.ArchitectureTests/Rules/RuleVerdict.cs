namespace Billing.ArchitectureTests.Rules;

/// <summary>
/// What a rule found in one subject (a module or an assembly). Its failure message lists every offender,
/// so a red test says which types to fix, not only that something is wrong.
/// </summary>
public sealed record RuleVerdict(string Rule, string Subject, IReadOnlyList<Violation> Violations)
{
    public bool IsSatisfied => Violations.Count == 0;

    public IReadOnlyList<string> Offenders => [.. Violations.Select(violation => violation.Offender).Distinct()];

    public string FailureMessage =>
        IsSatisfied
            ? $"'{Rule}' holds for {Subject}."
            : $"'{Rule}' is broken in {Subject} by:" + string.Concat(Violations.Select(violation => $"{Environment.NewLine}  - {violation}"));
}
