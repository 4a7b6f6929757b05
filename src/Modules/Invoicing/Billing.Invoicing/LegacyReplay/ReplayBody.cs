namespace Billing.Invoicing.LegacyReplay;

/// <summary>The body of a replay into legacy: why (audited with each row sent).</summary>
internal sealed record ReplayBody(string? Reason);
