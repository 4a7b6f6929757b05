namespace Billing.Usage.Intake;

/// <summary>The <c>Usage</c> configuration section: intake limits and the time window events must fall in.</summary>
internal sealed class UsageIntakeOptions
{
    public const string Section = "Usage";

    /// <summary>More events than this in one request answers 413 (legacy's limit).</summary>
    public int MaxEventsPerBatch { get; set; } = 1000;

    /// <summary>A larger body answers 413 (legacy's limit, 1 MiB).</summary>
    public long MaxBatchBytes { get; set; } = 1_048_576;

    /// <summary>How far back an event may have occurred; older ones are rejected (history comes through the backfill).</summary>
    public TimeSpan BackdatingWindow { get; set; } = TimeSpan.FromDays(62);

    /// <summary>How far ahead of our clock an event may claim to have occurred (producers' clock skew).</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Dual-write mode (ADR 0030): every accepted event is also forwarded to legacy metering's intake, so legacy's
    /// reports stay complete while the usage reads are compared in Shadow. Read per batch: it can be switched live.
    /// </summary>
    public bool DualWriteToLegacy { get; set; }
}
