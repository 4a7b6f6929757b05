using Billing.Invoicing.Domain;

namespace Billing.Invoicing.Credits;

/// <summary>The <c>credit</c> resource: <c>amount</c> and <c>balance</c> are cents as JSON numbers.</summary>
internal sealed record CreditRepresentation(
    long Amount,
    long Balance,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Guid Id,
    string Title,
    DateTimeOffset UpdatedAt)
{
    public static CreditRepresentation From(Credit credit) =>
        new(credit.AmountCents, credit.BalanceCents, credit.CreatedAt, credit.ExpiresAt, credit.Id, credit.Title, credit.UpdatedAt);
}
