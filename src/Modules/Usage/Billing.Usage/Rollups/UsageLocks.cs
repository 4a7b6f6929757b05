using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Rollups;

/// <summary>
/// The module's PostgreSQL advisory transaction locks (class <see cref="LockClass"/>). SQLite needs none: its write
/// transactions already run one at a time.
/// </summary>
internal static class UsageLocks
{
    public const int LockClass = 0x5553; // "US"

    /// <summary>
    /// Orders intake against <c>InvoiceFinalized</c> handling (ADR 0017, 0031) and against a billing run pinning usage
    /// (ADR 0038). Intake holds it shared from before it stores its events to commit, so intakes never wait for one
    /// another. The notice holds it exclusively while it closes the period and looks for late arrivals: whichever commits
    /// second sees the other's rows, so a late event committed at the same instant as the notice is corrected exactly
    /// once. A pin takes it exclusively for a moment: every intake in flight has committed by then, and every later one
    /// stores its events with higher positions. One key for every owner: notices and pins are rare next to batches, and
    /// a batch spans hundreds of owners, so per-owner keys would buy nothing but lock calls.
    /// </summary>
    public const int ClosedPeriodsKey = 1;

    /// <summary>The pending-rollup worker: one pass at a time across host instances (<see cref="PendingRollups"/>).</summary>
    public const int RollupWorkerKey = 2;

    public static Task HoldForIntakeAsync(UsageDbContext db, CancellationToken cancellationToken) =>
        db.Provider == DatabaseProvider.Postgres
            ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({LockClass}, {ClosedPeriodsKey})", cancellationToken)
            : Task.CompletedTask;

    /// <summary>Exclusive, until commit: closing a period, or pinning usage (a pin commits at once).</summary>
    public static Task ClosePeriodAsync(UsageDbContext db, CancellationToken cancellationToken) =>
        db.Provider == DatabaseProvider.Postgres
            ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, {ClosedPeriodsKey})", cancellationToken)
            : Task.CompletedTask;
}
