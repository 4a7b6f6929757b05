using System.Linq.Expressions;
using Billing.BuildingBlocks.Mediation;

namespace Billing.Invoicing.Domain;

/// <summary>
/// Money an account may spend before anything is charged. Amounts are integer cents; the balance
/// only ever goes down as invoices draw on it, and a credit is usable in <c>[created_at, expires_at)</c>.
/// </summary>
internal sealed class Credit
{
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(365);

    private Credit()
    {
        Title = string.Empty;
        Reason = string.Empty;
        GrantedBy = string.Empty;
    }

    private Credit(Guid id, Guid accountId, string title, long amountCents, DateTimeOffset expiresAt, string reason, string grantedBy, DateTimeOffset now)
        : this()
    {
        Id = id;
        AccountId = accountId;
        Title = title;
        AmountCents = amountCents;
        BalanceCents = amountCents;
        ExpiresAt = expiresAt;
        Reason = reason;
        GrantedBy = grantedBy;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Title { get; private set; }

    public long AmountCents { get; private set; }

    public long BalanceCents { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Why support granted it; mandatory so that "why was I charged this?" has an answer.</summary>
    public string Reason { get; private set; }

    public string GrantedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>At most this much is drawn per invoice (program credits such as $13 a month); null = no cap.</summary>
    public long? MonthlyCapCents { get; private set; }

    /// <summary>Program credits do not pay for third-party add-ons.</summary>
    public bool ExcludesPartnerAddons { get; private set; }

    /// <summary>The promo code a customer redeemed here for it; null for credits granted by support or imported from legacy.</summary>
    public Guid? PromoCodeId { get; private set; }

    /// <summary>When a redemption made here was written into legacy (the write rolled back, ADR 0050); null until then.</summary>
    public DateTimeOffset? ReplayedToLegacyAt { get; private set; }

    /// <summary>Redeemed here and not yet written into legacy.</summary>
    public static readonly Expression<Func<Credit, bool>> AwaitsReplay = c => c.PromoCodeId != null && c.ReplayedToLegacyAt == null;

    public void ReplayedToLegacy(DateTimeOffset now) => ReplayedToLegacyAt = now;

    public Rating.AvailableCredit Available() =>
        new(Id, Title, BalanceCents, CreatedAt, ExpiresAt, MonthlyCapCents, ExcludesPartnerAddons);

    /// <summary>An invoice drew <paramref name="cents"/> of the balance.</summary>
    public void Draw(long cents, DateTimeOffset now)
    {
        if (cents <= 0 || cents > BalanceCents)
        {
            throw new InvalidOperationException($"Credit {Id} cannot give {cents} cents from a balance of {BalanceCents}.");
        }

        BalanceCents -= cents;
        UpdatedAt = now;
    }

    /// <summary>
    /// While legacy still bills, its balance is the true one — unless the balance changed here after legacy last changed
    /// it (an invoice issued here drew on it): legacy never learns of that draw, so its older figure would hand the drawn
    /// cents out again on the next invoice. The later change wins (ADR 0040).
    /// </summary>
    public bool FollowLegacyBalance(long balanceCents, DateTimeOffset updatedAt)
    {
        if (BalanceCents == balanceCents || updatedAt < UpdatedAt)
        {
            return false;
        }

        BalanceCents = balanceCents;
        UpdatedAt = updatedAt;
        return true;
    }

    /// <summary>A legacy credit, kept with its id, balance and timestamps (the backfill's natural key is the id).</summary>
    public static Credit ImportLegacy(Guid id, Guid accountId, string title, long amountCents, long balanceCents, DateTimeOffset createdAt, DateTimeOffset expiresAt, DateTimeOffset updatedAt) =>
        new(id, accountId, title, amountCents, expiresAt, "imported from legacy billing", "legacy", createdAt) { BalanceCents = balanceCents, UpdatedAt = updatedAt };

    /// <summary>The credit a promo code grants an account: legacy's id for that account and code, the code's title, amount and expiry.</summary>
    public static Credit Redeem(PromoCode code, Guid accountId, string redeemedBy, DateTimeOffset now) =>
        new(code.CreditIdFor(accountId), accountId, code.Title, code.AmountCents, code.ExpiresAt, $"redeemed promo code {code.Display}", redeemedBy, now) { PromoCodeId = code.Id };

    public static Credit Grant(Guid accountId, string title, long amountCents, DateTimeOffset? expiresAt, string reason, string grantedBy, DateTimeOffset now)
    {
        var errors = Check(title, amountCents, expiresAt, reason, now).ToList();
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return new Credit(Guid.CreateVersion7(now), accountId, title.Trim(), amountCents, expiresAt ?? now + DefaultValidity, reason.Trim(), grantedBy, now);
    }

    public static IEnumerable<FieldError> Check(string? title, long amountCents, DateTimeOffset? expiresAt, string? reason, DateTimeOffset now)
    {
        if (amountCents <= 0)
        {
            yield return new FieldError("amount", "must be a positive whole number of cents");
        }

        if (string.IsNullOrWhiteSpace(title) || title.Length > 100)
        {
            yield return new FieldError("title", "is required (at most 100 characters)");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            yield return new FieldError("reason", "is required (at most 1000 characters): say why the credit is granted");
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            yield return new FieldError("expires_at", "must be in the future");
        }
    }
}
