using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Backfill;
using Billing.Host.Access;

namespace Billing.IntegrationTests.Backfill;

/// <summary>
/// Simulates a crash in the middle of page 2: the real import has already added page 2's tokens to the
/// context when this throws, so the test proves they are rolled back together with the checkpoint.
/// </summary>
internal sealed class CrashOnceOnSecondPage(LegacyTokenImport inner, CrashSwitch crash) : IBackfillTarget<AccessDbContext, LegacyTokenGrant>
{
    public async Task<int> UpsertAsync(AccessDbContext db, IReadOnlyList<LegacyTokenGrant> items, CancellationToken cancellationToken)
    {
        var written = await inner.UpsertAsync(db, items, cancellationToken);
        if (Interlocked.Increment(ref crash.PagesSeen) == 2 && !crash.Crashed)
        {
            crash.Crashed = true;
            throw new InvalidOperationException("simulated crash while importing page 2");
        }

        return written;
    }
}

internal sealed class CrashSwitch
{
#pragma warning disable CA1051 // a test switch shared by reference; fields so Interlocked can use them
    public int PagesSeen;
    public bool Crashed;
#pragma warning restore CA1051
}
