using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Contracts.Legacy;

/// <summary>
/// One item of legacy billing's data that Invoicing imports (<c>IBackfillSource&lt;LegacyBillingRecord&gt;</c>, filled by
/// the legacy adapter): exactly one of the five is set. Legacy's ids and invoice numbers are kept.
/// </summary>
public sealed record LegacyBillingRecord(LegacyBillingEntity? Entity, LegacyApp? App, LegacyInvoiceEntry? Invoice, LegacyCreditEntry? Credit, LegacyPromoCodeEntry? PromoCode = null);

/// <summary>An account (with its invoice address) or a team (with its name) that can be invoiced.</summary>
public sealed record LegacyBillingEntity(BillableOwner Owner, string? TeamName, LegacyInvoiceAddress? InvoiceAddress);

public sealed record LegacyInvoiceAddress(
    string? Address1, string? Address2, string? City, string? Country, string? HerokuId, string? Other, string? PostalCode, string? State, bool UseInvoiceAddress);

/// <summary>An app and the billing entity its usage accrues to (invoice lines name apps).</summary>
public sealed record LegacyApp(Guid Id, string Name, BillableOwner Owner);

/// <summary>A legacy invoice in integer cents, with the lines that explain it.</summary>
public sealed record LegacyInvoiceEntry(
    Guid Id,
    int Number,
    BillableOwner Owner,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int State,
    long ChargesCents,
    long CreditsCents,
    long TotalCents,
    long PlatformCents,
    long DatabaseCents,
    long AddonsCents,
    decimal DynoUnits,
    decimal WeightedDynoHours,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<LegacyInvoiceLineEntry> Lines);

/// <param name="Kind"><c>dyno</c>, <c>eco</c> or <c>addon</c>.</param>
public sealed record LegacyInvoiceLineEntry(Guid? AppId, string Description, string Kind, decimal QuantityMonths, long UnitPriceCents, long AmountCents);

public sealed record LegacyCreditEntry(
    Guid Id, Guid AccountId, string Title, long AmountCents, long BalanceCents, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset UpdatedAt);

/// <summary>A code legacy redeems for a credit (<c>POST /account/credits</c>); <paramref name="Code2"/> is null for one-part codes.</summary>
public sealed record LegacyPromoCodeEntry(string Code1, string? Code2, string Title, long AmountCents, DateTimeOffset ExpiresAt);
