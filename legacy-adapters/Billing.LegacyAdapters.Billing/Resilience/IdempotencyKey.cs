namespace Billing.LegacyAdapters.Billing.Resilience;

/// <summary>
/// The header that makes a non-safe request repeatable: the legacy service answers a repeated key with
/// the first outcome instead of acting twice, so only such requests may be retried.
/// </summary>
internal static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
}
