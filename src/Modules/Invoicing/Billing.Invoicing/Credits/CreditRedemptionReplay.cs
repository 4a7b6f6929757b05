using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Domain;
using Billing.Invoicing.LegacyReplay;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Credits;

/// <summary>What a replay did: redemptions legacy now has, and those it could not take (retry later).</summary>
internal sealed record CreditReplayOutcome(int Replayed, IReadOnlyList<CreditReplayFailure> Failed);

internal sealed record CreditReplayFailure(Guid CreditId, Guid AccountId, string Message);

/// <summary>
/// Rolling <c>credits.account.write</c> back to Legacy: promo codes customers redeemed here while it was New exist only
/// here, so each redemption not yet given back is written into legacy (admin PUT, idempotent) as the credit legacy's own
/// redemption would have made — the same id, as of when it was redeemed, with the balance it has here — one credit at a
/// time and committed as it goes: a crash or a refused credit loses nothing, a second run sends only what is left. Each
/// is audited (ADR 0050).
/// </summary>
internal sealed class CreditRedemptionReplay(InvoicingDbContext db, ILegacyCreditRedemptions legacy, TimeProvider time)
{
    public const string AuditAction = "credit.replayed_to_legacy";

    private const string What = "promo-code redemptions";

    public async Task<CreditReplayOutcome> ReplayAsync(string? reason, string actor, CancellationToken cancellationToken)
    {
        var why = LegacyReplays.Require(reason, legacy.IsConfigured, What);
        return await LegacyReplays.RunAloneAsync(db, InvoicingLocks.CreditReplay, What, () => ReplayAwaitingAsync(why, actor, cancellationToken), cancellationToken);
    }

    private async Task<CreditReplayOutcome> ReplayAwaitingAsync(string reason, string actor, CancellationToken cancellationToken)
    {
        var awaiting = await Awaiting().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        var replayed = 0;
        var failed = new List<CreditReplayFailure>();
        foreach (var creditId in awaiting)
        {
            // Read again just before writing: an invoice may have drawn on it since the list was taken.
            var credit = await db.Credits.SingleAsync(c => c.Id == creditId, cancellationToken);
            var code = await db.PromoCodes.AsNoTracking().SingleAsync(p => p.Id == credit.PromoCodeId, cancellationToken);
            try
            {
                await legacy.WriteAsync(new LegacyCreditRedemption(credit.Id, credit.AccountId, code.Code1, code.Code2, credit.CreatedAt, credit.BalanceCents), cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failed.Add(new CreditReplayFailure(credit.Id, credit.AccountId, exception.Message));
                db.ChangeTracker.Clear();
                continue;
            }

            var now = time.GetUtcNow();
            credit.ReplayedToLegacy(now);
            db.AuditEntries.Add(new AuditEntry(actor, AuditAction, BillableOwner.Account(credit.AccountId).ToString(), reason, credit.BalanceCents, credit.BalanceCents, now));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            replayed++;
        }

        return new CreditReplayOutcome(replayed, failed);
    }

    /// <summary>What a replay would send now: how many credits, and the first of them (to check a rollback is complete).</summary>
    public async Task<CreditsAwaitingReplay> AwaitingAsync(CancellationToken cancellationToken) =>
        new(await Awaiting().CountAsync(cancellationToken), await Awaiting().OrderBy(c => c.Id).Select(c => c.Id).Take(CreditsAwaitingReplay.Listed).ToListAsync(cancellationToken));

    private IQueryable<Credit> Awaiting() => db.Credits.Where(Credit.AwaitsReplay);
}

internal sealed record CreditsAwaitingReplay(int Awaiting, IReadOnlyList<Guid> CreditIds)
{
    public const int Listed = 100;
}
