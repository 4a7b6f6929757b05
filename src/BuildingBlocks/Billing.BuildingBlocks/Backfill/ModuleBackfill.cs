using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Billing.BuildingBlocks.Backfill;

/// <summary>
/// Reads a page from the legacy source, then upserts it and advances the checkpoint in one transaction
/// of the owning module. A crash between pages loses nothing; a crash inside a page rolls the page back
/// and the next run reads it again from the last committed cursor.
/// </summary>
internal sealed class ModuleBackfill<TContext, TItem>(string name) : IBackfill
    where TContext : ModuleDbContext
{
    public string Name { get; } = name;

    public Type DbContextType => typeof(TContext);

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<TContext>();
        var source = scopedServices.GetRequiredService<IBackfillSource<TItem>>();
        var target = scopedServices.GetRequiredService<IBackfillTarget<TContext, TItem>>();
        var time = scopedServices.GetRequiredService<TimeProvider>();
        var logger = scopedServices.GetRequiredService<ILogger<ModuleBackfill<TContext, TItem>>>();

        var checkpoint = await BeginAsync(db, time, cancellationToken);
        logger.LogInformation("Backfill {Backfill} runs from cursor {Cursor} ({Pages} page(s) already imported)", Name, checkpoint.Cursor ?? "<start>", checkpoint.PagesImported);
        try
        {
            while (checkpoint.Status == BackfillStatus.Running)
            {
                // Read outside the transaction: a slow legacy call must not hold a database transaction open.
                var page = await source.ReadPageAsync(checkpoint.Cursor, cancellationToken);
                if (page.NextCursor is not null && page.NextCursor == checkpoint.Cursor)
                {
                    throw new InvalidOperationException($"The source returned the same cursor again ({page.NextCursor}); stopping rather than looping forever.");
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var written = await target.UpsertAsync(db, page.Items, cancellationToken);
                checkpoint.RecordPage(page.Items.Count, written, page.NextCursor, time.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                ForgetImportedRows(db, checkpoint);
            }

            logger.LogInformation("Backfill {Backfill} completed: {Pages} page(s), {Read} item(s) read, {Written} written", Name, checkpoint.PagesImported, checkpoint.ItemsRead, checkpoint.ItemsWritten);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Backfill {Backfill} failed after {Pages} committed page(s)", Name, checkpoint.PagesImported);
            await RecordFailureAsync(db, exception, time);
            throw;
        }
    }

    private async Task<BackfillCheckpoint> BeginAsync(TContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var checkpoint = await db.BackfillCheckpoints.SingleOrDefaultAsync(c => c.Name == Name, cancellationToken);
        if (checkpoint is null)
        {
            checkpoint = new BackfillCheckpoint(Name, now);
            db.BackfillCheckpoints.Add(checkpoint);
        }
        else
        {
            checkpoint.Begin(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return checkpoint;
    }

    // The failed page's changes (and the in-memory checkpoint that already counted it) were rolled back
    // in the database; drop them here too and record the error on the checkpoint as it was committed.
    private async Task RecordFailureAsync(TContext db, Exception exception, TimeProvider time)
    {
        db.ChangeTracker.Clear();
        var committed = await db.BackfillCheckpoints.SingleAsync(c => c.Name == Name, CancellationToken.None);
        committed.RecordFailure($"{exception.GetType().Name}: {exception.Message}", time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
    }

    // Keeps memory flat over long backfills: imported rows are committed and no longer needed here.
    private static void ForgetImportedRows(TContext db, BackfillCheckpoint checkpoint)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => !ReferenceEquals(e.Entity, checkpoint)).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
