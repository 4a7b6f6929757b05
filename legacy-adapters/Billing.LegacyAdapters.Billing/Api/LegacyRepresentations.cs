namespace Billing.LegacyAdapters.Billing.Api;

// Wire shapes of the legacy API (snake_case JSON, see LegacyBillingJson). They stay inside the adapter:
// modules receive their own port types, never these.

/// <summary>A token legacy accepts, known only by the SHA-256 (lower-case hex) of its secret.</summary>
internal sealed record LegacyTokenRecord(string TokenSha256, string Role, Guid? AccountId, List<Guid>? TeamIds, List<Guid>? EnterpriseAccountIds);

internal sealed record LegacyMoney(long Cents, string Unit);

internal sealed record LegacyDynoSize(Guid Id, string Name, LegacyMoney? Cost, decimal? PreciseDynoUnits, decimal? Memory, decimal? Compute, string? Architecture, bool? Dedicated, bool? PrivateSpaceOnly);

internal sealed record LegacyCredit(Guid Id, decimal Amount, decimal Balance, string? Title, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset UpdatedAt);

/// <summary>Periods are <c>MM/DD/YYYY</c> strings in the contract; <see cref="State"/> is the payment state.</summary>
internal sealed record LegacyInvoice(Guid Id, int Number, string PeriodStart, string PeriodEnd, int State, decimal ChargesTotal, decimal CreditsTotal, decimal Total, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
