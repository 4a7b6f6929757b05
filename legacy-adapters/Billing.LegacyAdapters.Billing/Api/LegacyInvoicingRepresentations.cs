using System.Text.Json.Serialization;

namespace Billing.LegacyAdapters.Billing.Api;

// Wire shapes of legacy's admin exports for the Invoicing backfill (/internal/directory, /internal/invoices, /internal/credits, /internal/promo-codes).

internal sealed record LegacyDirectory(List<LegacyDirectoryAccount> Accounts, List<LegacyDirectoryTeam> Teams, List<LegacyDirectoryApp> Apps);

internal sealed record LegacyDirectoryAccount(Guid Id, LegacyAddress? InvoiceAddress);

/// <summary>Legacy spells these <c>address_1</c> / <c>address_2</c>, which snake_case naming would make <c>address1</c>.</summary>
internal sealed record LegacyAddress(
    [property: JsonPropertyName("address_1")] string? Address1,
    [property: JsonPropertyName("address_2")] string? Address2, string? City, string? Country, string? HerokuId, string? Other, string? PostalCode, string? State, bool? UseInvoiceAddress);

/// <summary>What <c>PUT /internal/invoice-addresses/{id}</c> takes: a field left null is not sent (legacy keeps its value; it refuses nulls).</summary>
internal sealed record LegacyAddressWrite(
    [property: JsonPropertyName("address_1"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address1,
    [property: JsonPropertyName("address_2"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? City,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Country,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Other,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PostalCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State,
    bool UseInvoiceAddress);

/// <summary>What <c>PUT /internal/credits/{id}</c> takes: the account and code redeemed, when, and the balance left (cents).</summary>
internal sealed record LegacyRedemptionWrite(Guid AccountId, string Code1, string Code2, string CreatedAt, long Balance);

internal sealed record LegacyDirectoryTeam(Guid Id, string Name);

internal sealed record LegacyDirectoryApp(Guid Id, string Name, Guid OwnerAccountId, Guid? TeamId);

/// <summary>An account or team invoice: money as JSON numbers in cents (one decimal for accounts); team invoices add the break-down.</summary>
internal sealed record LegacyExportedInvoice(
    Guid Id, int Number, Guid? AccountId, Guid? TeamId, string PeriodStart, string PeriodEnd, int State,
    decimal ChargesTotal, decimal CreditsTotal, decimal Total, decimal? PlatformTotal, decimal? DatabaseTotal, decimal? AddonsTotal,
    decimal? DynoUnits, decimal? WeightedDynoHours, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, List<LegacyInvoiceLine>? Lines);

internal sealed record LegacyInvoiceLine(Guid? AppId, string Description, string Kind, decimal QuantityMonths, long UnitPriceCents, long AmountCents);

internal sealed record LegacyExportedCredit(Guid Id, Guid AccountId, string? Title, decimal Amount, decimal Balance, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset UpdatedAt);

internal sealed record LegacyExportedInvoicePayment(int Number, Guid Id, int State, long PaidCents, DateTimeOffset UpdatedAt);

internal sealed record LegacyExportedPromoCode(string Code1, string? Code2, string Title, decimal Amount, DateTimeOffset ExpiresAt);
