namespace Billing.BuildingBlocks.Backfill;

public enum BackfillStatus
{
    /// <summary>Importing, or interrupted mid-way (a crash leaves this status): the next run resumes from the cursor.</summary>
    Running,

    /// <summary>The last page failed; the next run resumes from the cursor of the last committed page.</summary>
    Failed,

    /// <summary>Every page was imported; the next run starts again from the first page (idempotently).</summary>
    Completed,
}
