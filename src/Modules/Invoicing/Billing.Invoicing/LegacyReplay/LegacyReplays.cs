using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.LegacyReplay;

/// <summary>
/// What every replay into legacy shares when a write capability rolls back (ADR 0047, 0050): a reason (it is audited),
/// a legacy service to write into, and one replay of a kind at a time across hosts.
/// </summary>
internal static class LegacyReplays
{
    /// <summary>422 without a reason, 409 without a legacy billing service; the trimmed reason otherwise.</summary>
    public static string Require(string? reason, bool legacyConfigured, string what)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidParamsException($"reason is required: say why the {what} go back to legacy.");
        }

        return legacyConfigured
            ? reason.Trim()
            : throw new ConflictException($"No legacy billing service is configured (Strangler:Services:billing:BaseUrl): there is nowhere to put the {what} back.");
    }

    /// <summary>
    /// Runs <paramref name="replay"/> holding the PostgreSQL session lock <paramref name="key"/> (the embedded SQLite
    /// default is one process), or answers 409: two operators replaying together would send and audit the same rows twice.
    /// </summary>
    public static async Task<T> RunAloneAsync<T>(InvoicingDbContext db, long key, string what, Func<Task<T>> replay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(replay);
        var locking = db.Provider == DatabaseProvider.Postgres;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (locking && !await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").SingleAsync(cancellationToken))
            {
                throw new ConflictException($"A replay of {what} is already running; try again when it has finished.");
            }

            try
            {
                return await replay();
            }
            finally
            {
                if (locking)
                {
                    await db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({key}) AS \"Value\"").SingleAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
