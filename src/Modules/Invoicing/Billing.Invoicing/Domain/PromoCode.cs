using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Billing.BuildingBlocks.Mediation;

namespace Billing.Invoicing.Domain;

/// <summary>
/// A code customers redeem for a credit (<c>POST /account/credits</c> with <c>code1</c>, and <c>code2</c> for two-part
/// gift cards). Codes are compared trimmed and upper-cased, as legacy does; a code without a second part stores
/// <c>code2</c> as the empty string so (code1, code2) can be a unique key. Imported from legacy (legacy's definition
/// wins while it still serves redemptions) or defined here by billing support (ADR 0035).
/// </summary>
internal sealed class PromoCode
{
    public const string LegacySource = "legacy";

    private PromoCode()
    {
        Code1 = string.Empty;
        Code2 = string.Empty;
        Title = string.Empty;
        Reason = string.Empty;
        CreatedBy = string.Empty;
    }

    private PromoCode(string code1, string code2, string title, long amountCents, DateTimeOffset expiresAt, string reason, string createdBy, DateTimeOffset now)
        : this()
    {
        Id = Guid.CreateVersion7(now);
        Code1 = code1;
        Code2 = code2;
        Title = title;
        AmountCents = amountCents;
        ExpiresAt = expiresAt;
        Reason = reason;
        CreatedBy = createdBy;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Code1 { get; private set; }

    /// <summary>The second part of a two-part code; empty when the code has one part.</summary>
    public string Code2 { get; private set; }

    /// <summary>Becomes the redeemed credit's <c>title</c>.</summary>
    public string Title { get; private set; }

    public long AmountCents { get; private set; }

    /// <summary>The code can be redeemed before this instant; the credit it grants expires then too (legacy's rule).</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public string Reason { get; private set; }

    /// <summary>The staff token that defined it, or <see cref="LegacySource"/> for an imported code.</summary>
    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool FromLegacy => CreatedBy == LegacySource;

    /// <summary>How it reads in audit entries and credit reasons.</summary>
    public string Display => Code2.Length == 0 ? Code1 : $"{Code1}/{Code2}";

    public static string Normalize(string? code) => (code ?? string.Empty).Trim().ToUpperInvariant();

    /// <summary>
    /// The id of the credit this code grants <paramref name="accountId"/>: the same UUID legacy derives
    /// (SHA-256 of <c>credit:&lt;account&gt;:&lt;code1&gt;:&lt;code2&gt;</c>, version and variant bits set), so a code
    /// redeemed on either side, before or after the cut-over, is the same credit — which is what makes a redemption
    /// idempotent per account and code.
    /// </summary>
    public Guid CreditIdFor(Guid accountId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"credit:{accountId:D}:{Code1}:{Code2}")));
        var variant = ((int.Parse(hash.AsSpan(16, 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x3) | 0x8).ToString("x", CultureInfo.InvariantCulture);
        var hex = hash[..12] + "4" + hash[13..16] + variant + hash[17..32];
        return Guid.ParseExact(hex, "N");
    }

    public static PromoCode ImportLegacy(string code1, string? code2, string title, long amountCents, DateTimeOffset expiresAt, DateTimeOffset now) =>
        new(Normalize(code1), Normalize(code2), title, amountCents, expiresAt, "imported from legacy billing", LegacySource, now);

    /// <summary>While legacy defines the code, its title, amount and expiry win; a code defined here is never touched.</summary>
    public bool FollowLegacy(string title, long amountCents, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (!FromLegacy || (Title == title && AmountCents == amountCents && ExpiresAt == expiresAt))
        {
            return false;
        }

        (Title, AmountCents, ExpiresAt, UpdatedAt) = (title, amountCents, expiresAt, now);
        return true;
    }

    public static PromoCode Define(string? code1, string? code2, string? title, long amountCents, DateTimeOffset? expiresAt, string? reason, string createdBy, DateTimeOffset now)
    {
        var errors = Check(code1, code2, title, amountCents, expiresAt, reason, now).ToList();
        return errors.Count > 0
            ? throw new ValidationFailedException(errors)
            : new PromoCode(Normalize(code1), Normalize(code2), title!.Trim(), amountCents, expiresAt!.Value, reason!.Trim(), createdBy, now);
    }

    public static IEnumerable<FieldError> Check(string? code1, string? code2, string? title, long amountCents, DateTimeOffset? expiresAt, string? reason, DateTimeOffset now)
    {
        if (!IsWellFormed(Normalize(code1)) || Normalize(code1).Length == 0)
        {
            yield return new FieldError("code1", "is required: 1 to 64 letters, digits or dashes");
        }

        if (!IsWellFormed(Normalize(code2)))
        {
            yield return new FieldError("code2", "must be at most 64 letters, digits or dashes");
        }

        if (string.IsNullOrWhiteSpace(title) || title.Length > 100)
        {
            yield return new FieldError("title", "is required (at most 100 characters); it becomes the credit's title");
        }

        if (amountCents <= 0 || !MoneyBounds.WithinEntryBound(amountCents))
        {
            yield return new FieldError("amount", $"must be a positive whole number of cents, at most {MoneyBounds.MaxEntryCents}");
        }

        if (expiresAt is not { } expiry || expiry <= now)
        {
            yield return new FieldError("expires_at", "is required and must be in the future");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            yield return new FieldError("reason", "is required (at most 1000 characters): say why the code exists");
        }
    }

    private static bool IsWellFormed(string code) => code.Length <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
