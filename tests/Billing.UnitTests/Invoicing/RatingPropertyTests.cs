using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain.Rating;

namespace Billing.UnitTests.Invoicing;

/// <summary>Properties of rating checked over many generated usage histories (seeded, so a failure is reproducible).</summary>
public sealed class RatingPropertyTests
{
    private static readonly string[] Sizes = ["standard-1x", "standard-2x", "performance-m"];
    private static readonly long[] Prices = [2500, 5000, 25000];

    private static readonly RateCardSnapshot Rates = new(
        Sizes.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => new PriceSchedule([new PriceVersionTerms(Guid.NewGuid(), Prices[x.i], DateTimeOffset.UnixEpoch)])),
        new Dictionary<Guid, PlanTerms>());

    private static IEnumerable<(BillingPeriod Period, List<DynoUsage> Usage, List<AvailableCredit> Credits)> Histories(int seed, int count)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var period = BillingPeriod.Month(2026, 1 + random.Next(12));
            var usage = new List<DynoUsage>();
            var app = Guid.NewGuid();
            foreach (var process in new[] { "web", "worker" }.Take(1 + random.Next(2)))
            {
                var at = period.Start.AddSeconds(-random.Next(0, 86_400 * 3));
                while (at < period.End)
                {
                    var until = at.AddSeconds(1 + random.Next(86_400 * 12));
                    usage.Add(new DynoUsage(app, process, Sizes[random.Next(Sizes.Length)], random.Next(0, 5), at, until, $"e{usage.Count}"));
                    at = until;
                }
            }

            var credits = Enumerable.Range(0, random.Next(3)).Select(_ => new AvailableCredit(
                Guid.NewGuid(), "c", random.Next(1, 20_000), period.Start.AddDays(-random.Next(1, 60)), period.Start.AddDays(random.Next(-10, 90)),
                random.Next(2) == 0 ? null : random.Next(1, 5000), random.Next(2) == 0)).ToList();
            yield return (period, usage, credits);
        }
    }

    private static RatedInvoice Rate(BillingPeriod period, IReadOnlyList<DynoUsage> usage, IReadOnlyList<AvailableCredit> credits) =>
        new InvoiceRater(RatingPolicy.Legacy, Rates).Rate(
            new RatingRequest(BillableOwner.Account(Guid.Empty), period, usage, [], new Dictionary<Guid, string>()) { Credits = credits });

    [Fact]
    public void Each_line_is_the_half_even_rounding_of_the_exact_capped_amount_and_never_exceeds_the_cap()
    {
        foreach (var (period, usage, _) in Histories(1, 300))
        {
            foreach (var line in Rate(period, usage, []).Lines)
            {
                var key = line.Description.Split(' ');
                var resource = usage.Where(u => u.ProcessType == key[1] && u.Size == key[2] && period.OverlapSeconds(u.From, u.To) > 0).ToList();
                var dynoSeconds = resource.Sum(u => u.Quantity * period.OverlapSeconds(u.From, u.To));
                var exact = Math.Min(line.UnitPriceCents * (decimal)dynoSeconds / 2_592_000m, line.UnitPriceCents * (decimal)resource.Max(u => u.Quantity));
                Assert.Equal((long)Math.Round(exact, 0, MidpointRounding.ToEven), line.AmountCents);
                Assert.True(line.AmountCents <= line.UnitPriceCents * resource.Max(u => u.Quantity));
            }
        }
    }

    [Fact]
    public void An_invoice_never_totals_below_zero_and_carries_forward_exactly_what_its_other_lines_fall_short()
    {
        var random = new Random(3);
        foreach (var (period, usage, credits) in Histories(3, 300))
        {
            var adjustments = Enumerable.Range(0, random.Next(3))
                .Select(n => new Adjustment(Guid.NewGuid(), null, $"adjustment {n}", random.Next(-60_000, 20_000) | 1, "generated")).ToList();
            var invoice = new InvoiceRater(RatingPolicy.Legacy, Rates).Rate(
                new RatingRequest(BillableOwner.Account(Guid.Empty), period, usage, [], new Dictionary<Guid, string>()) { Credits = credits, Adjustments = adjustments });

            var others = invoice.Lines.Where(l => l.Kind != LineKind.CarriedForward).Sum(l => l.AmountCents);
            Assert.True(invoice.TotalCents >= 0);
            Assert.Equal(Math.Max(0, -others), invoice.CarriedForwardCents);
            Assert.Equal(others + invoice.CarriedForwardCents, invoice.TotalCents);
            Assert.True(invoice.Lines.Count(l => l.Kind == LineKind.CarriedForward) <= 1);
        }
    }

    [Fact]
    public void The_total_is_exactly_the_sum_of_the_lines_and_credits_never_exceed_charges_or_balances()
    {
        foreach (var (period, usage, credits) in Histories(2, 300))
        {
            var invoice = Rate(period, usage, credits);

            Assert.Equal(invoice.Lines.Sum(l => l.AmountCents), invoice.TotalCents);
            Assert.Equal(invoice.ChargesCents - invoice.CreditsCents, invoice.TotalCents);
            Assert.InRange(invoice.CreditsCents, 0, invoice.ChargesCents);
            foreach (var draw in invoice.CreditDraws)
            {
                var credit = credits.Single(c => c.Id == draw.CreditId);
                Assert.InRange(draw.Cents, 1, Math.Min(credit.BalanceCents, credit.MonthlyCapCents ?? long.MaxValue));
                Assert.True(credit.ExpiresAt >= period.End && credit.CreatedAt < period.End);
            }
        }
    }

    [Fact]
    public void Splitting_a_usage_interval_in_two_does_not_change_the_invoice()
    {
        var random = new Random(3);
        foreach (var (period, usage, _) in Histories(3, 200))
        {
            var index = random.Next(usage.Count);
            var original = usage[index];
            var cut = original.From.AddSeconds(random.NextInt64(1, Math.Max(2, (long)(original.To - original.From).TotalSeconds)));
            if (cut >= original.To)
            {
                continue;
            }

            var split = new List<DynoUsage>(usage);
            split[index] = original with { To = cut };
            split.Insert(index + 1, original with { From = cut });

            Assert.Equal(Rate(period, usage, []).Lines.Select(l => l.AmountCents), Rate(period, split, []).Lines.Select(l => l.AmountCents));
        }
    }

    [Fact]
    public void More_usage_never_costs_less()
    {
        foreach (var (period, usage, _) in Histories(4, 200))
        {
            var more = usage.Select(u => u with { Quantity = u.Quantity + 1 }).ToList();

            Assert.True(Rate(period, more, []).TotalCents >= Rate(period, usage, []).TotalCents);
        }
    }
}
