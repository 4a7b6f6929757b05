namespace Billing.BuildingBlocks.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Process jobs in this instance (every instance can still enqueue).</summary>
    public bool ServerEnabled { get; set; } = true;

    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    public Dictionary<string, RecurringJobSettings> Recurring { get; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class RecurringJobSettings
{
    public string? Cron { get; set; }

    public bool Enabled { get; set; } = true;
}
