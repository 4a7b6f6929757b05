using System.Globalization;
using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Contracts.Legacy;
using Billing.LegacyAdapters.Billing.Api;
using Microsoft.Extensions.Options;
using Refit;

namespace Billing.LegacyAdapters.Billing.Invoicing;

/// <summary>
/// Reads legacy billing's exports for the Invoicing backfill in four pages: the directory (accounts with
/// invoice addresses, teams, apps), then every invoice, then every credit, then every promo code. Cursor = the next export's name.
/// </summary>
internal sealed class LegacyBillingRecordSource(ILegacyBillingApi api, IOptions<LegacyBillingOptions> options) : IBackfillSource<LegacyBillingRecord>
{
    private const string Invoices = "invoices";
    private const string Credits = "credits";
    private const string PromoCodes = "promo-codes";

    public async Task<BackfillPage<LegacyBillingRecord>> ReadPageAsync(string? cursor, CancellationToken cancellationToken)
    {
        if (options.Value.BaseUrl is null)
        {
            throw new InvalidOperationException($"{LegacyBillingOptions.Section}:BaseUrl is not configured; the invoicing backfill has nowhere to read from.");
        }

        switch (cursor)
        {
            case null:
                var directory = await ContentAsync(await api.GetDirectoryAsync(cancellationToken));
                return new BackfillPage<LegacyBillingRecord>(
                    [.. directory.Accounts.Select(a => new LegacyBillingRecord(new LegacyBillingEntity(BillableOwner.Account(a.Id), null, Address(a.InvoiceAddress)), null, null, null)),
                     .. directory.Teams.Select(t => new LegacyBillingRecord(new LegacyBillingEntity(BillableOwner.Team(t.Id), t.Name, null), null, null, null)),
                     .. directory.Apps.Select(a => new LegacyBillingRecord(null, new LegacyApp(a.Id, a.Name, a.TeamId is { } team ? BillableOwner.Team(team) : BillableOwner.Account(a.OwnerAccountId)), null, null))],
                    Invoices);
            case Invoices:
                var invoices = await ContentAsync(await api.ListAllInvoicesAsync(cancellationToken));
                return new BackfillPage<LegacyBillingRecord>([.. invoices.Select(i => new LegacyBillingRecord(null, null, ToEntry(i), null))], Credits);
            case Credits:
                var credits = await ContentAsync(await api.ListAllCreditsAsync(cancellationToken));
                return new BackfillPage<LegacyBillingRecord>(
                    [.. credits.Select(c => new LegacyBillingRecord(null, null, null,
                        new LegacyCreditEntry(c.Id, c.AccountId, c.Title ?? string.Empty, (long)c.Amount, (long)c.Balance, c.CreatedAt, c.ExpiresAt, c.UpdatedAt)))],
                    PromoCodes);
            case PromoCodes:
                var codes = await ContentAsync(await api.ListPromoCodesAsync(cancellationToken));
                return new BackfillPage<LegacyBillingRecord>(
                    [.. codes.Select(c => new LegacyBillingRecord(null, null, null, null, new LegacyPromoCodeEntry(c.Code1, c.Code2, c.Title, (long)c.Amount, c.ExpiresAt)))],
                    null);
            default:
                throw new InvalidOperationException($"Unknown invoicing backfill cursor '{cursor}'.");
        }
    }

    private static async Task<T> ContentAsync<T>(IApiResponse<T> response)
    {
        await response.EnsureSuccessStatusCodeAsync();
        return response.Content ?? throw new InvalidOperationException("Legacy billing answered an empty export.");
    }

    private static LegacyInvoiceAddress? Address(LegacyAddress? a) =>
        a is null ? null : new LegacyInvoiceAddress(a.Address1, a.Address2, a.City, a.Country, a.HerokuId, a.Other, a.PostalCode, a.State, a.UseInvoiceAddress ?? false);

    private static LegacyInvoiceEntry ToEntry(LegacyExportedInvoice i)
    {
        var start = Day(i.PeriodStart);
        return new LegacyInvoiceEntry(
            i.Id, i.Number, i.TeamId is { } team ? BillableOwner.Team(team) : BillableOwner.Account(i.AccountId ?? Guid.Empty),
            start, Day(i.PeriodEnd).AddDays(1), i.State, (long)i.ChargesTotal, (long)i.CreditsTotal, (long)i.Total,
            (long)(i.PlatformTotal ?? 0), (long)(i.DatabaseTotal ?? 0), (long)(i.AddonsTotal ?? 0), i.DynoUnits ?? 0, i.WeightedDynoHours ?? 0,
            i.CreatedAt, i.UpdatedAt,
            [.. (i.Lines ?? []).Select(l => new LegacyInvoiceLineEntry(l.AppId, l.Description, l.Kind, l.QuantityMonths, l.UnitPriceCents, l.AmountCents))]);
    }

    /// <summary>Legacy's <c>MM/DD/YYYY</c> (the period's first and last day) as a UTC midnight.</summary>
    private static DateTimeOffset Day(string text) =>
        new(DateTime.ParseExact(text, "MM/dd/yyyy", CultureInfo.InvariantCulture), TimeSpan.Zero);
}
