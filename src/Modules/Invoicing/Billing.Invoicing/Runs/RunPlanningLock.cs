using System.Data;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Runs;

/// <summary>
/// Serialises a run's planning across hosts. Planning commits partition by partition (ADR 0056), so on PostgreSQL
/// this is a session advisory lock, held on the context's connection (kept open) across those commits and released
/// with it; a connection that breaks releases it with its session. Other providers run in one process, where Hangfire's
/// own <c>DisableConcurrentExecution</c> lock serialises planners.
/// </summary>
internal sealed class RunPlanningLock : IAsyncDisposable
{
    private readonly InvoicingDbContext? db;
    private readonly string key;

    private RunPlanningLock(InvoicingDbContext? db, Guid runId)
    {
        this.db = db;
        key = runId.ToString();
    }

    public static async Task<RunPlanningLock> TakeAsync(InvoicingDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return new RunPlanningLock(null, runId);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock(hashtext({runId.ToString()}))", cancellationToken);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }

        return new RunPlanningLock(db, runId);
    }

    public async ValueTask DisposeAsync()
    {
        if (db is null)
        {
            return;
        }

        try
        {
            // A planning error is the one to report: unlock only on a connection that still works.
            if (db.Database.GetDbConnection().State == ConnectionState.Open)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock(hashtext({key}))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
