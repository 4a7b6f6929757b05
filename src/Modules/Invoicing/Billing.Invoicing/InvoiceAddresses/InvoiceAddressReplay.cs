using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Domain;
using Billing.Invoicing.LegacyReplay;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.InvoiceAddresses;

/// <summary>What a replay did: accounts whose address legacy now has, and those it could not give (retry later).</summary>
internal sealed record AddressReplayOutcome(int Replayed, IReadOnlyList<AddressReplayFailure> Failed);

internal sealed record AddressReplayFailure(Guid AccountId, string Message);

/// <summary>
/// Rolling <c>invoice-address.account.write</c> back to Legacy: the addresses customers wrote here while it was New
/// exist only here, so each one not yet given back is written into legacy (admin PUT, idempotent), one account at a
/// time and committed as it goes — a crash or a refused account loses nothing, a second run sends only what is left.
/// Each replay is audited. From then on legacy owns those addresses again and the backfill follows it (ADR 0047).
/// </summary>
internal sealed class InvoiceAddressReplay(InvoicingDbContext db, ILegacyInvoiceAddresses legacy, TimeProvider time)
{
    public const string AuditAction = "invoice_address.replayed_to_legacy";

    public async Task<AddressReplayOutcome> ReplayAsync(string? reason, string actor, CancellationToken cancellationToken)
    {
        var why = LegacyReplays.Require(reason, legacy.IsConfigured, "invoice addresses");
        return await LegacyReplays.RunAloneAsync(db, InvoicingLocks.AddressReplay, "invoice addresses", () => ReplayAwaitingAsync(why, actor, cancellationToken), cancellationToken);
    }

    private async Task<AddressReplayOutcome> ReplayAwaitingAsync(string reason, string actor, CancellationToken cancellationToken)
    {
        var awaiting = await Awaiting().Order().ToListAsync(cancellationToken);
        var replayed = 0;
        var failed = new List<AddressReplayFailure>();
        foreach (var accountId in awaiting)
        {
            // Read again just before writing: the address may have changed since the list was taken.
            var entity = await db.BillingEntities.SingleAsync(e => e.OwnerKind == BillableOwnerKind.Account && e.OwnerId == accountId, cancellationToken);
            var (a, writtenAt) = (entity.Address, entity.AddressWrittenAt);
            try
            {
                await legacy.WriteAsync(new LegacyInvoiceAddressWrite(accountId, a.Address1, a.Address2, a.City, a.Country, a.Other, a.PostalCode, a.State, a.UseInvoiceAddress), cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failed.Add(new AddressReplayFailure(accountId, exception.Message));
                db.ChangeTracker.Clear();
                continue;
            }

            var now = time.GetUtcNow();
            entity.AddressReplayedToLegacy(writtenAt);
            db.AuditEntries.Add(new AuditEntry(actor, AuditAction, entity.Owner.ToString(), reason, 0, 0, now));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            replayed++;
        }

        return new AddressReplayOutcome(replayed, failed);
    }

    /// <summary>What a replay would send now: how many accounts, and the first of them (to check a rollback is complete).</summary>
    public async Task<AddressesAwaitingReplay> AwaitingAsync(CancellationToken cancellationToken) =>
        new(await Awaiting().CountAsync(cancellationToken), await Awaiting().Order().Take(AddressesAwaitingReplay.Listed).ToListAsync(cancellationToken));

    /// <summary>Accounts whose address was written here and not given to legacy since.</summary>
    private IQueryable<Guid> Awaiting() =>
        db.BillingEntities
            .Where(e => e.OwnerKind == BillableOwnerKind.Account)
            .Where(BillingEntity.AwaitsAddressReplay)
            .Select(e => e.OwnerId);
}

internal sealed record AddressesAwaitingReplay(int Awaiting, IReadOnlyList<Guid> AccountIds)
{
    public const int Listed = 100;
}
