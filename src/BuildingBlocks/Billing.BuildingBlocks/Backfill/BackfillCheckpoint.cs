namespace Billing.BuildingBlocks.Backfill;

/// <summary>
/// How far a backfill got, kept in the owning module's schema and saved in the same transaction as each
/// imported page, so the cursor never runs ahead of (or behind) the data it describes.
/// </summary>
public sealed class BackfillCheckpoint
{
    public const int MaxErrorLength = 4000;

    private BackfillCheckpoint()
    {
        Name = string.Empty;
    }

    public BackfillCheckpoint(string name, DateTimeOffset now)
        : this()
    {
        Name = name;
        StartedAt = now;
        UpdatedAt = now;
        Status = BackfillStatus.Running;
    }

    public string Name { get; private set; }

    /// <summary>Cursor of the next page to read; <c>null</c> means the first page.</summary>
    public string? Cursor { get; private set; }

    public BackfillStatus Status { get; private set; }

    public int PagesImported { get; private set; }

    public long ItemsRead { get; private set; }

    /// <summary>Items that were inserted or changed; a re-run over unchanged legacy data adds nothing here.</summary>
    public long ItemsWritten { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>
    /// Called when a run begins: a finished backfill starts over from the first page (to pick up what
    /// legacy gained since); an interrupted or failed one keeps its cursor and counts and resumes.
    /// </summary>
    public void Begin(DateTimeOffset now)
    {
        if (Status == BackfillStatus.Completed)
        {
            Cursor = null;
            PagesImported = 0;
            ItemsRead = 0;
            ItemsWritten = 0;
            StartedAt = now;
            FinishedAt = null;
        }

        Status = BackfillStatus.Running;
        UpdatedAt = now;
    }

    public void RecordPage(int read, int written, string? nextCursor, DateTimeOffset now)
    {
        PagesImported++;
        ItemsRead += read;
        ItemsWritten += written;
        Cursor = nextCursor;
        UpdatedAt = now;
        LastError = null;
        if (nextCursor is null)
        {
            Status = BackfillStatus.Completed;
            FinishedAt = now;
        }
    }

    public void RecordFailure(string error, DateTimeOffset now)
    {
        Status = BackfillStatus.Failed;
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        UpdatedAt = now;
    }
}
