namespace Billing.Usage.Rollups;

/// <summary>The <c>Usage:Rollups</c> configuration section: the pending-rollup worker (ADR 0031).</summary>
internal sealed class UsageRollupOptions
{
    public const string Section = "Usage:Rollups";

    /// <summary>Run the worker in this instance (tests drive it themselves, as they do the outbox dispatcher).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How long the stored rollups may lag the events; readers stay exact meanwhile.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Intake batches claimed per pass (each one transaction): bounds a pass's work after a backlog.</summary>
    public int BatchesPerPass { get; set; } = 200;
}
