using System.Globalization;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain.Rating;

namespace Billing.UnitTests.Invoicing;

/// <summary>
/// The rating engine against every legacy invoice of the fixture data set: same lines (description, quantity,
/// unit price, amount), same charges, credits and total, month after month with credit balances carried over.
/// </summary>
public sealed class LegacyInvoiceParityTests
{
    [Fact]
    public void Every_legacy_invoice_is_reproduced_line_by_line()
    {
        var fixtures = LegacyFixtures.Instance;
        var rater = new InvoiceRater(RatingPolicy.Legacy, fixtures.RateCard);
        var credits = fixtures.Credits.GetProperty("credits").EnumerateArray().Select(c => new AvailableCredit(
            Guid.Parse(c.GetProperty("id").GetString()!), c.GetProperty("title").GetString()!, c.GetProperty("amount").GetInt64(),
            DateTimeOffset.Parse(c.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(c.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture))).ToList();
        var legacy = fixtures.LegacyInvoices().ToDictionary(i => (i.Owner, LegacyFixtures.PeriodOf(i.Invoice)), i => i.Invoice);
        var differences = new List<string>();
        var compared = 0;

        foreach (var period in LegacyFixtures.Months())
        {
            foreach (var owner in fixtures.Owners().OrderBy(o => o.Kind).ThenBy(o => o.Id))
            {
                var ownCredits = owner.Kind == BillableOwnerKind.Account ? credits.Where(c => CreditOwner(fixtures, c.Id) == owner.Id).ToList() : [];
                var rated = rater.Rate(fixtures.Request(owner, period) with { Credits = ownCredits });
                foreach (var draw in rated.CreditDraws)
                {
                    var index = credits.FindIndex(c => c.Id == draw.CreditId);
                    credits[index] = credits[index] with { BalanceCents = credits[index].BalanceCents - draw.Cents };
                }

                if (!legacy.TryGetValue((owner, period), out var invoice))
                {
                    if (rated.ChargesCents != 0)
                    {
                        differences.Add($"{owner} {period}: rated {rated.ChargesCents} but legacy has no invoice");
                    }

                    continue;
                }

                compared++;
                var expected = invoice.GetProperty("lines").EnumerateArray()
                    .Select(l => $"{l.GetProperty("description").GetString()} {l.GetProperty("quantity_months").GetDecimal():0.0######} × {l.GetProperty("unit_price_cents").GetInt64()} = {l.GetProperty("amount_cents").GetInt64()}")
                    .Order(StringComparer.Ordinal).ToList();
                var actual = rated.Lines.Where(l => l.Kind is LineKind.Dyno or LineKind.Eco or LineKind.Addon)
                    .Select(l => $"{l.Description} {l.QuantityMonths:0.0######} × {l.UnitPriceCents} = {l.AmountCents}")
                    .Order(StringComparer.Ordinal).ToList();
                differences.AddRange(expected.Except(actual).Select(l => $"{owner} {period}: legacy line missing: {l}"));
                differences.AddRange(actual.Except(expected).Select(l => $"{owner} {period}: extra line: {l}"));
                if ((long)invoice.GetProperty("charges_total").GetDecimal() != rated.ChargesCents
                    || (long)invoice.GetProperty("credits_total").GetDecimal() != rated.CreditsCents
                    || (long)invoice.GetProperty("total").GetDecimal() != rated.TotalCents)
                {
                    differences.Add($"{owner} {period}: totals {rated.ChargesCents}/{rated.CreditsCents}/{rated.TotalCents} vs legacy {invoice.GetProperty("charges_total")}/{invoice.GetProperty("credits_total")}/{invoice.GetProperty("total")}");
                }

                if (owner.Kind == BillableOwnerKind.Team
                    && (invoice.GetProperty("dyno_units").GetDecimal() != rated.DynoUnits || invoice.GetProperty("weighted_dyno_hours").GetDecimal() != rated.WeightedDynoHours
                        || invoice.GetProperty("platform_total").GetInt64() != rated.CategoryCents(LineCategory.Platform)
                        || invoice.GetProperty("database_total").GetInt64() != rated.CategoryCents(LineCategory.Database)
                        || invoice.GetProperty("addons_total").GetInt64() != rated.CategoryCents(LineCategory.Addons)))
                {
                    differences.Add($"{owner} {period}: team figures {rated.DynoUnits}/{rated.WeightedDynoHours} vs legacy {invoice.GetProperty("dyno_units")}/{invoice.GetProperty("weighted_dyno_hours")}");
                }
            }
        }

        Assert.Equal(94, compared);
        Assert.Empty(differences);
        var finalBalances = fixtures.Credits.GetProperty("credits").EnumerateArray().ToDictionary(c => Guid.Parse(c.GetProperty("id").GetString()!), c => c.GetProperty("balance").GetInt64());
        Assert.All(credits, c => Assert.Equal(finalBalances[c.Id], c.BalanceCents));
    }

    private static Guid CreditOwner(LegacyFixtures fixtures, Guid creditId) =>
        Guid.Parse(fixtures.Credits.GetProperty("credits").EnumerateArray().Single(c => c.GetProperty("id").GetString() == creditId.ToString("D")).GetProperty("account_id").GetString()!);
}
