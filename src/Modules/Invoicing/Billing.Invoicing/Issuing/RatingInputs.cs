using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Issuing;

/// <summary>
/// What rating a set of owners needs from Invoicing's own tables besides prices, read with one query per table
/// for the whole set: open credits (accounts only), billing entities (the invoice address picks the tax), app
/// names, support adjustments not billed yet and usage corrections not settled yet.
/// </summary>
internal sealed class RatingInputs(
    ILookup<Guid, AvailableCredit> credits,
    Dictionary<BillableOwner, BillingEntity> entities,
    ILookup<BillableOwner, Adjustment> supportAdjustments,
    ILookup<BillableOwner, PendingUsageCorrection> corrections)
{
    public static async Task<RatingInputs> LoadAsync(InvoicingDbContext db, IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, CancellationToken cancellationToken)
    {
        var wanted = owners.ToHashSet();
        var ids = wanted.Select(o => o.Id).Distinct().ToList();
        var accountIds = wanted.Where(o => o.Kind == BillableOwnerKind.Account).Select(o => o.Id).ToList();
        var credits = await db.Credits.AsNoTracking().Where(c => accountIds.Contains(c.AccountId) && c.BalanceCents > 0).ToListAsync(cancellationToken);
        var entities = await db.BillingEntities.AsNoTracking().Where(e => ids.Contains(e.OwnerId)).ToListAsync(cancellationToken);
        var adjustments = await db.SupportAdjustments.AsNoTracking()
            .Where(a => ids.Contains(a.OwnerId) && a.AppliedToInvoiceId == null && a.CreatedAt < period.End)
            .OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        var corrections = await db.PendingUsageCorrections.AsNoTracking()
            .Where(c => ids.Contains(c.OwnerId) && c.SettledOnInvoiceId == null && c.PeriodStart < period.Start)
            .OrderBy(c => c.PeriodStart).ToListAsync(cancellationToken);
        return new RatingInputs(
            credits.ToLookup(c => c.AccountId, c => c.Available()),
            entities.Where(e => wanted.Contains(e.Owner)).ToDictionary(e => e.Owner),
            adjustments.Where(a => wanted.Contains(a.Owner)).ToLookup(a => a.Owner, a => new Adjustment(a.Id, null, a.Description, a.AmountCents, a.Reason)),
            corrections.Select(c => (Owner: new BillableOwner(c.OwnerKind, c.OwnerId), Correction: c)).Where(c => wanted.Contains(c.Owner)).ToLookup(c => c.Owner, c => c.Correction));
    }

    /// <summary>The names of the apps the usages' segments are for.</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> AppNamesAsync(InvoicingDbContext db, IEnumerable<OwnerUsage> usages, CancellationToken cancellationToken)
    {
        // Segments come in app order, so an app is added once per run of its segments rather than hashed per segment.
        var ids = new HashSet<Guid>();
        foreach (var usage in usages)
        {
            Guid? previous = null;
            for (var i = 0; i < usage.Segments.Count; i++)
            {
                var appId = usage.Segments[i].AppId;
                if (appId != previous)
                {
                    ids.Add(appId);
                    previous = appId;
                }
            }
        }

        return ids.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.BilledApps.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
    }

    /// <summary>The account's credits with a balance (a team has none).</summary>
    public IReadOnlyList<AvailableCredit> Credits(BillableOwner owner) =>
        owner.Kind == BillableOwnerKind.Account ? [.. credits[owner.Id]] : [];

    public BillingEntity? Entity(BillableOwner owner) => entities.GetValueOrDefault(owner);

    public IEnumerable<Adjustment> SupportAdjustments(BillableOwner owner) => supportAdjustments[owner];

    public IEnumerable<PendingUsageCorrection> Corrections(BillableOwner owner) => corrections[owner];
}
