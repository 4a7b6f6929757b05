namespace Billing.LegacyAdapters.Billing;

/// <summary>How to reach the legacy Ruby billing service; bound from <c>Legacy:Billing:*</c>.</summary>
internal sealed class LegacyBillingOptions
{
    public const string Section = "Legacy:Billing";

    /// <summary>Root of the legacy API, e.g. <c>http://legacy-billing:4567/</c>. Unset: adapters fail when first used, the host still starts.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Throws, naming the backfill, when legacy's address is not configured: a backfill then has nowhere to read from.</summary>
    public void EnsureConfiguredFor(string backfill)
    {
        if (BaseUrl is null)
        {
            throw new InvalidOperationException($"{Section}:BaseUrl is not configured; the {backfill} backfill has nowhere to read from.");
        }
    }

    /// <summary>The legacy service's admin token; sent as a Bearer token on every call.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Limit for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for a call including all its retries and their delays.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Retries after the first attempt, for safe or idempotency-keyed requests only.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubles per attempt, with jitter (a Retry-After header wins).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the circuit stays open after too many failures, failing fast instead of piling on.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Items asked for per page (<c>Range: ...; max=N</c>).</summary>
    public int PageSize { get; set; } = 200;
}
