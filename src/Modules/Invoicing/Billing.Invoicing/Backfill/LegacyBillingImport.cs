using Billing.BuildingBlocks.Backfill;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Issuing;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.Invoicing.Backfill;

/// <summary>
/// Imports legacy billing into Invoicing: billing entities (team names, invoice addresses) and apps by id,
/// invoices by number (kept, so new numbers continue after the highest; a known invoice only follows legacy's
/// payment state), credits by id (legacy's balance wins while legacy still bills), promo codes by their parts (legacy's
/// definition wins for the codes it defined; a code defined here is never touched).
/// </summary>
internal sealed class LegacyBillingImport(IOptions<InvoicingOptions> options, TimeProvider time, ILogger<LegacyBillingImport> logger) : IBackfillTarget<InvoicingDbContext, LegacyBillingRecord>
{
    public const string BackfillName = "invoicing.legacy-billing";

    public async Task<int> UpsertAsync(InvoicingDbContext db, IReadOnlyList<LegacyBillingRecord> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var written = 0;
        foreach (var item in items)
        {
            written += item switch
            {
                { Entity: { } entity } => await UpsertEntityAsync(db, entity, cancellationToken),
                { App: { } app } => await UpsertAppAsync(db, app, cancellationToken),
                { Invoice: { } invoice } => await UpsertInvoiceAsync(db, invoice, cancellationToken),
                { Credit: { } credit } => await UpsertCreditAsync(db, credit, cancellationToken),
                { PromoCode: { } code } => await UpsertPromoCodeAsync(db, code, cancellationToken),
                _ => 0,
            };
        }

        return written;
    }

    private static async Task<int> UpsertEntityAsync(InvoicingDbContext db, LegacyBillingEntity legacy, CancellationToken cancellationToken)
    {
        var entity = await db.BillingEntities.FindAsync([legacy.Owner.Kind, legacy.Owner.Id], cancellationToken);
        var isNew = entity is null;
        entity ??= db.BillingEntities.Add(new BillingEntity(legacy.Owner)).Entity;
        var changed = entity.Rename(legacy.TeamName);
        if (legacy.InvoiceAddress is { } a)
        {
            changed |= entity.FollowLegacyAddress(new InvoiceAddress
            {
                Address1 = a.Address1, Address2 = a.Address2, City = a.City, Country = a.Country, HerokuId = a.HerokuId,
                Other = a.Other, PostalCode = a.PostalCode, State = a.State, UseInvoiceAddress = a.UseInvoiceAddress,
            });
        }

        return isNew || changed ? 1 : 0;
    }

    private static async Task<int> UpsertAppAsync(InvoicingDbContext db, LegacyApp legacy, CancellationToken cancellationToken)
    {
        var app = await db.BilledApps.FindAsync([legacy.Id], cancellationToken);
        if (app is null)
        {
            db.BilledApps.Add(new BilledApp(legacy.Id, legacy.Name, legacy.Owner));
            return 1;
        }

        return app.Update(legacy.Name, legacy.Owner) ? 1 : 0;
    }

    private async Task<int> UpsertInvoiceAsync(InvoicingDbContext db, LegacyInvoiceEntry legacy, CancellationToken cancellationToken)
    {
        var invoice = await db.Invoices.SingleOrDefaultAsync(i => i.Number == legacy.Number, cancellationToken);
        if (invoice is not null && invoice.Id != legacy.Id)
        {
            // The number is another invoice's (one issued here after legacy's counter ran on): never move ours to legacy's
            // payment state — that marked another owner's invoice paid — and legacy's cannot take a number in use (ADR 0040).
            logger.LogWarning("Legacy invoice {LegacyId} has number {Number}, which invoice {Id} already has; not imported.", legacy.Id, legacy.Number, invoice.Id);
            return 0;
        }

        if (invoice is not null)
        {
            return invoice.FollowLegacyState(legacy.State, legacy.UpdatedAt) ? 1 : 0;
        }

        var dataServices = options.Value.Rating.DataAddonServices;
        db.Invoices.Add(Invoice.ImportLegacy(legacy, line => line.Kind switch
        {
            "addon" when dataServices.Any(s => line.Description.Contains($" {s}:", StringComparison.Ordinal)) => LineCategory.Database,
            "addon" => LineCategory.Addons,
            _ => LineCategory.Platform,
        }));
        return 1;
    }

    private static async Task<int> UpsertCreditAsync(InvoicingDbContext db, LegacyCreditEntry legacy, CancellationToken cancellationToken)
    {
        var credit = await db.Credits.FindAsync([legacy.Id], cancellationToken);
        if (credit is null)
        {
            db.Credits.Add(Credit.ImportLegacy(legacy.Id, legacy.AccountId, legacy.Title, legacy.AmountCents, legacy.BalanceCents, legacy.CreatedAt, legacy.ExpiresAt, legacy.UpdatedAt));
            return 1;
        }

        return credit.FollowLegacyBalance(legacy.BalanceCents, legacy.UpdatedAt) ? 1 : 0;
    }

    private async Task<int> UpsertPromoCodeAsync(InvoicingDbContext db, LegacyPromoCodeEntry legacy, CancellationToken cancellationToken)
    {
        var (code1, code2) = (PromoCode.Normalize(legacy.Code1), PromoCode.Normalize(legacy.Code2));
        var code = await db.PromoCodes.SingleOrDefaultAsync(c => c.Code1 == code1 && c.Code2 == code2, cancellationToken);
        if (code is null)
        {
            db.PromoCodes.Add(PromoCode.ImportLegacy(code1, code2, legacy.Title, legacy.AmountCents, legacy.ExpiresAt, time.GetUtcNow()));
            return 1;
        }

        return code.FollowLegacy(legacy.Title, legacy.AmountCents, legacy.ExpiresAt, time.GetUtcNow()) ? 1 : 0;
    }
}
