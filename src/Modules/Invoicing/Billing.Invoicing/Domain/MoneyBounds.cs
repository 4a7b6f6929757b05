namespace Billing.Invoicing.Domain;

/// <summary>
/// The largest amount one hand-entered money figure may have (a goodwill credit, a support adjustment, a promo code):
/// $1,000,000. Without a bound a typo such as 2^63 − 1 cents was accepted, and then every sum over it overflowed — the
/// account's credit balance (a 500 on each later grant or redemption) and the invoice's charges (the owner could never
/// be invoiced again). Far above any real goodwill or correction; larger ones are split (ADR 0040).
/// </summary>
internal static class MoneyBounds
{
    public const long MaxEntryCents = 100_000_000;

    public static bool WithinEntryBound(long cents) => cents is >= -MaxEntryCents and <= MaxEntryCents;
}
