using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Rollups;

/// <summary>
/// One PostgreSQL advisory transaction lock per owner (class <see cref="LockClass"/>, key = hash of the owner id):
/// intake holds its batch's owners from storing their events until commit, and <c>InvoiceFinalized</c> handling holds
/// the invoiced owner while it closes the period and looks for late arrivals. Whichever commits second sees the
/// other's rows, so a late event is corrected exactly by one of them even when both commit at the same instant.
/// SQLite needs none: its write transactions already run one at a time.
/// </summary>
internal static class OwnerLocks
{
    public const int LockClass = 0x5553; // "US"

    /// <summary>Locks every owner of the <c>@owner_id</c> array parameter, in hash order so two batches never deadlock.</summary>
    public static readonly string LockOwners =
        $"SELECT pg_advisory_xact_lock({LockClass}, k) FROM (SELECT DISTINCT hashtext(o::text) AS k FROM unnest(@owner_id) AS o ORDER BY k) AS owners";

    public static async Task LockAsync(UsageDbContext db, BillableOwner owner, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, hashtext({owner.Id.ToString()}))", cancellationToken);
        }
    }
}
