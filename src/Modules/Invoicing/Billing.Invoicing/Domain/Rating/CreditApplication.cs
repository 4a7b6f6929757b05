namespace Billing.Invoicing.Domain.Rating;

/// <summary>A credit's state as an invoice sees it when it is issued.</summary>
/// <param name="MonthlyCapCents">At most this much per invoice (e.g. a student pack's $13 a month); null = no cap.</param>
/// <param name="ExcludesPartnerAddons">Program credits do not pay for third-party add-ons.</param>
internal sealed record AvailableCredit(
    Guid Id,
    string Title,
    long BalanceCents,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    long? MonthlyCapCents = null,
    bool ExcludesPartnerAddons = false);

/// <summary>
/// Credits are applied after every charge is known: the usable ones (created before the issue instant,
/// expiring at or after it, balance left) in order of expiry then id, each up to its balance, its monthly cap
/// and what its eligible charges still leave, never below zero.
/// </summary>
internal static class CreditApplication
{
    public static (IReadOnlyList<RatedLine> Lines, IReadOnlyList<CreditDraw> Draws) Apply(
        IReadOnlyList<RatedLine> charges, IReadOnlyList<AvailableCredit> credits, DateTimeOffset issuedAt)
    {
        var total = Math.Max(0, charges.Sum(l => l.AmountCents));
        var partnerLeft = Math.Min(total, Math.Max(0, charges.Where(l => l.Category == LineCategory.Addons).Sum(l => l.AmountCents)));
        var otherLeft = total - partnerLeft;
        var lines = new List<RatedLine>();
        var draws = new List<CreditDraw>();
        var usable = credits
            .Where(c => c.CreatedAt < issuedAt && c.ExpiresAt >= issuedAt && c.BalanceCents > 0)
            .OrderBy(c => c.ExpiresAt)
            .ThenBy(c => c.Id.ToString("D"), StringComparer.Ordinal);
        foreach (var credit in usable)
        {
            // A credit that may pay partner add-ons uses them up first, leaving the rest to credits that may not.
            var room = credit.ExcludesPartnerAddons ? otherLeft : partnerLeft + otherLeft;
            var draw = Math.Min(Math.Min(room, credit.BalanceCents), credit.MonthlyCapCents ?? long.MaxValue);
            if (draw <= 0)
            {
                continue;
            }

            var fromPartner = credit.ExcludesPartnerAddons ? 0 : Math.Min(partnerLeft, draw);
            partnerLeft -= fromPartner;
            otherLeft -= draw - fromPartner;
            draws.Add(new CreditDraw(credit.Id, draw));
            lines.Add(new RatedLine(LineKind.Credit, LineCategory.Credit, null, $"Credit: {credit.Title}", 0m, 0, -draw,
                new LineExplanation("credit drawn after charges: min(balance, monthly cap, eligible charges left)")
                {
                    CreditId = credit.Id,
                    CreditBalanceBeforeCents = credit.BalanceCents,
                    CreditBalanceAfterCents = credit.BalanceCents - draw,
                    UncappedCents = credit.BalanceCents,
                    CapCents = credit.MonthlyCapCents,
                    CapApplied = credit.MonthlyCapCents is { } cap && draw == cap && cap < credit.BalanceCents,
                }));
        }

        return (lines, draws);
    }
}
