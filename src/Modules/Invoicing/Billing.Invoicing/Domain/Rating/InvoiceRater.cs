using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;

namespace Billing.Invoicing.Domain.Rating;

/// <summary>
/// Rates one owner's billing period: dynos and add-ons prorated to the second against a 720-hour month and capped
/// per resource, the Eco flat fee, metered units beyond the included ones, adjustments, then credits, then tax
/// (ADR 0022). Each line is rounded once, half to even; the invoice total is the sum of its lines.
/// </summary>
internal sealed class InvoiceRater(RatingPolicy policy, RateCardSnapshot rates)
{
    private const string HalfEven = "half-to-even to whole cents, once per line";

    public RatedInvoice Rate(RatingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var charges = new List<RatedLine>();
        charges.AddRange(DynoLines(request));
        if (EcoLine(request) is { } eco)
        {
            charges.Add(eco);
        }

        charges.AddRange(AddonLines(request));
        charges.AddRange(MeteredLines(request));
        charges.AddRange(OnDemandLines(request));
        charges.AddRange(request.Adjustments.Where(a => a.AmountCents != 0).Select(AdjustmentLine));

        var (creditLines, draws) = CreditApplication.Apply(charges, request.Credits, request.IssuedAt);
        var taxable = charges.Sum(l => l.AmountCents) + creditLines.Sum(l => l.AmountCents);
        var lines = new List<RatedLine>(charges);
        lines.AddRange(creditLines);
        if (TaxTable.Line(request.Tax, taxable) is { } tax)
        {
            lines.Add(tax);
        }

        if (CarriedForward(lines.Sum(l => l.AmountCents)) is { } carried)
        {
            lines.Add(carried);
        }

        var unitSeconds = UnitSeconds(request);
        return new RatedInvoice(request.Owner, request.Period, lines, draws)
        {
            DynoUnits = Math.Round(unitSeconds / request.Period.Seconds, 2, MidpointRounding.AwayFromZero),
            WeightedDynoHours = Math.Round(unitSeconds / 3600m, 2, MidpointRounding.AwayFromZero),
            AdjustmentIds = [.. request.Adjustments.Select(a => a.Id)],
        };
    }

    private decimal UnitSeconds(RatingRequest request) =>
        request.Dynos.Sum(d => rates.PreciseDynoUnits(d.Size) * d.Quantity * request.Period.OverlapSeconds(d.From, d.To));

    private IEnumerable<RatedLine> DynoLines(RatingRequest request)
    {
        var period = request.Period;
        var billable = new List<DynoUsage>(request.Dynos.Count);
        foreach (var dyno in ListPricedDynos(request))
        {
            if (dyno.Size != policy.EcoSizeName && period.OverlapSeconds(dyno.From, dyno.To) > 0)
            {
                billable.Add(dyno);
            }
        }

        var (dynos, runs) = ResourceRuns.Of(billable, static d => (d.AppId, d.ProcessType, d.Size));
        var resources = runs
            .Where(r => dynos.In(r).Any(d => d.Quantity > 0))
            .OrderBy(r => AppName(request, r.Key.AppId), StringComparer.Ordinal)
            .ThenBy(r => r.Key.ProcessType, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Size, StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var (appId, processType, size) = resource.Key;
            var schedule = rates.DynoSize(size);
            EnsurePriced(schedule, period, dynos.In(resource).Where(d => d.Quantity > 0).Select(d => (d.From, d.To)), $"dyno size '{size}'");
            foreach (var window in schedule.Windows(period))
            {
                var (intervals, dynoSeconds, maxQuantity) = InWindow(dynos, resource.Start, resource.Count, static d => (d.From, d.To, d.Quantity, d.SourceEventId), window);
                if (dynoSeconds == 0)
                {
                    continue;
                }

                var line = ProratedLine(LineKind.Dyno, LineCategory.Platform, appId,
                    $"{AppName(request, appId)} {processType} {size}",
                    window, period, dynoSeconds, maxQuantity, intervals,
                    "min(price × dyno-seconds ÷ billing month, price × max dynos × share of the month the price was in force)");
                if (line is not null)
                {
                    yield return line;
                }
            }
        }
    }

    /// <summary>Dynos at list price: all of them, or where a contract licenses dyno units, only outside its covered stretches.</summary>
    private static IEnumerable<DynoUsage> ListPricedDynos(RatingRequest request) =>
        request.Licence.Licenses(LicenceProducts.DynoUnits)
            ? request.Dynos.SelectMany(d => request.Licence.Uncovered(d.From, d.To).Select(part => d with { From = part.From, To = part.To }))
            : request.Dynos;

    private static List<AddonUsage> ListPriced(LicenceCoverage licence, IEnumerable<AddonUsage> usage, LineCategory category) =>
        licence.LicensesAddons(category)
            ? [.. usage.SelectMany(a => licence.Uncovered(a.From, a.To).Select(part => a with { From = part.From, To = part.To }))]
            : [.. usage];

    /// <summary>One line per licensed product with an overage for this owner: Licensing's share, in cents, as is.</summary>
    private static IEnumerable<RatedLine> OnDemandLines(RatingRequest request) =>
        request.Licence.Overages.Where(o => o.OwnerOverageCents != 0).Select(o => new RatedLine(
            LineKind.OnDemand, LicenceCoverage.CategoryOf(o.Product), null,
            $"On-demand {o.Product.Replace('_', ' ')}: {o.Overage} over {o.Licensed} licensed", 0m, o.RateCents, o.OwnerOverageCents,
            new LineExplanation($"enterprise licence: pool used {o.PoolConsumed} of {o.Licensed} licensed; overage {o.Overage} × {o.RateCents} cents = {o.PoolOverageCents} cents, shared by consumption (this owner used {o.OwnerConsumed})")
            {
                UncappedCents = o.OwnerOverageCents,
                Rounding = "Licensing's: quantities half-to-even to 2 decimals, cents half-to-even once, shares by largest remainder",
            }));

    private RatedLine? EcoLine(RatingRequest request)
    {
        if (request.Owner.Kind != BillableOwnerKind.Account)
        {
            return null;
        }

        var period = request.Period;
        var eco = request.Dynos.Where(d => d.Size == policy.EcoSizeName && d.Quantity > 0 && period.OverlapSeconds(d.From, d.To) > 0).ToList();
        if (eco.Count == 0)
        {
            return null;
        }

        return new RatedLine(LineKind.Eco, LineCategory.Platform, null, "Eco dynos plan", 1.0m, policy.EcoFlatFeeCents, policy.EcoFlatFeeCents,
            new LineExplanation("flat fee for any month in which an Eco dyno of the account ran")
            {
                Intervals = [.. eco.Select(d => Interval(d.From, d.To, d.Quantity, d.SourceEventId, period))],
                UncappedCents = policy.EcoFlatFeeCents,
            });
    }

    private IEnumerable<RatedLine> AddonLines(RatingRequest request)
    {
        var period = request.Period;
        var resources = request.Addons
            .Where(a => a.Provisioned && period.OverlapSeconds(a.From, a.To) > 0)
            .GroupBy(a => (a.AddonId, a.PlanId))
            .Select(g => (Plan: rates.Plan(g.Key.PlanId), Usage: g))
            .Select(r => (Usage: ListPriced(request.Licence, r.Usage, Category(r.Plan)), r.Plan, AppId: r.Usage.First().AppId))
            .Where(r => r.Usage.Count > 0 && BilledByTimeIn(r.Plan, period))
            .OrderBy(r => AppName(request, r.AppId), StringComparer.Ordinal)
            .ThenBy(r => r.Plan.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Usage[0].AddonId);
        foreach (var (usage, plan, appId) in resources)
        {
            EnsurePriced(plan.Prices, period, usage.Select(a => (a.From, a.To)), $"plan '{plan.Name}'");
            // Contract and metered versions are not billed by the provisioned time: only the windows of the others are.
            foreach (var window in plan.Prices.Windows(period).Where(w => w.Version.ByTime))
            {
                var (intervals, seconds, _) = InWindow(usage, 0, usage.Count, static a => (a.From, a.To, 1, a.SourceEventId), window);
                if (seconds == 0)
                {
                    continue;
                }

                var line = ProratedLine(LineKind.Addon, Category(plan), appId, $"{AppName(request, appId)} {plan.Name}",
                    window, period, seconds, 1, intervals,
                    "min(price × provisioned seconds ÷ billing month, price × share of the month the price was in force)");
                if (line is not null)
                {
                    yield return line;
                }
            }
        }
    }

    private IEnumerable<RatedLine> MeteredLines(RatingRequest request)
    {
        foreach (var metered in request.Metered.Where(m => m.Units > 0))
        {
            var planUsage = request.Addons.Where(a => a.AddonId == metered.AddonId).MaxBy(a => a.From)
                ?? throw new UnratableUsageException($"Metered units for add-on {metered.AddonId} without a plan.");
            var plan = rates.Plan(planUsage.PlanId);
            var windows = plan.Prices.Windows(request.Period);
            if (windows.Count == 0)
            {
                throw new UnratableUsageException($"No price for metered plan '{plan.Name}' in {request.Period}.");
            }

            // The units are one total for the period: they are priced by the last metered version in force in it (ADR 0026).
            // A plan not metered in the period charges its provisioned time instead, not its units.
            if (windows.LastOrDefault(w => w.Version.Metered) is not { } price)
            {
                continue;
            }

            var included = price.Version.IncludedUnits;
            var billable = Math.Max(0m, metered.Units - included);
            var amount = (long)Math.Round(billable * price.Version.MonthlyCents, 0, MidpointRounding.ToEven);
            if (amount == 0)
            {
                continue;
            }

            yield return new RatedLine(LineKind.Metered, Category(plan), metered.AppId,
                $"{AppName(request, metered.AppId)} {plan.Name} {billable} units", 0m, price.Version.MonthlyCents, amount,
                new LineExplanation($"({metered.Units} units − {included} included) × price per unit")
                {
                    PriceVersionId = price.Version.VersionId,
                    PriceEffectiveFrom = price.Version.EffectiveFrom,
                    UncappedCents = billable * price.Version.MonthlyCents,
                    Rounding = HalfEven,
                });
        }
    }

    /// <summary>
    /// Refunds and downward corrections can exceed what a month charges. A negative total is never collected (a payment
    /// processor cannot charge it, and a customer is not sent a bill for minus ten dollars): the invoice is brought to
    /// zero by one line, and issuing hands the balance to the owner's next invoice (ADR 0043).
    /// </summary>
    private static RatedLine? CarriedForward(long totalCents) =>
        totalCents >= 0
            ? null
            : new RatedLine(LineKind.CarriedForward, LineCategory.Platform, null, "Balance carried forward to the next invoice", 0m, 0, -totalCents,
                new LineExplanation("a negative balance is not collected: it is carried to the owner's next invoice") { UncappedCents = -totalCents });

    private static RatedLine AdjustmentLine(Adjustment adjustment) =>
        new(LineKind.Adjustment, LineCategory.Platform, adjustment.AppId, adjustment.Description, 0m, 0, adjustment.AmountCents,
            new LineExplanation($"adjustment: {adjustment.Reason}") { UncappedCents = adjustment.AmountCents, AdjustmentId = adjustment.Id });

    private RatedLine? ProratedLine(LineKind kind, LineCategory category, Guid appId, string description, PriceWindow window, BillingPeriod period,
        long billableSeconds, int maxQuantity, IReadOnlyList<UsageInterval> intervals, string rule)
    {
        var price = window.Version.MonthlyCents;
        var uncapped = new ExactCents((Int128)price * billableSeconds, policy.BillingMonthSeconds);
        var cap = new ExactCents((Int128)price * maxQuantity * window.Seconds, period.Seconds);
        var capped = ExactCents.Min(uncapped, cap);
        var amount = capped.RoundHalfEven();
        if (amount == 0)
        {
            return null;
        }

        var months = Math.Round((decimal)billableSeconds / policy.BillingMonthSeconds, 7, MidpointRounding.AwayFromZero);
        return new RatedLine(kind, category, appId, description, months, price, amount,
            new LineExplanation(rule)
            {
                PriceVersionId = window.Version.VersionId,
                PriceEffectiveFrom = window.Version.EffectiveFrom,
                Intervals = intervals,
                BillableSeconds = billableSeconds,
                BillingMonthSeconds = policy.BillingMonthSeconds,
                UncappedCents = uncapped.ToDecimal(),
                CapCents = cap.ToDecimal(),
                CapApplied = cap.CompareTo(uncapped) < 0,
                Rounding = HalfEven,
            });
    }

    /// <summary>
    /// Whether some version in force in the period bills the plan by provisioned time. A plan without any version in
    /// the period stays in, so that rating refuses its usage as unpriced rather than dropping it.
    /// </summary>
    private static bool BilledByTimeIn(PlanTerms plan, BillingPeriod period)
    {
        var windows = plan.Prices.Windows(period);
        return windows.Count == 0 || windows.Any(w => w.Version.ByTime);
    }

    private LineCategory Category(PlanTerms plan) =>
        policy.DataAddonServices.Contains(plan.ServiceName, StringComparer.Ordinal) ? LineCategory.Database : LineCategory.Addons;

    private static void EnsurePriced(PriceSchedule schedule, BillingPeriod period, IEnumerable<(DateTimeOffset From, DateTimeOffset To)> usage, string what)
    {
        var pricedFrom = schedule.FirstPricedInstant ?? DateTimeOffset.MaxValue;
        if (usage.Any(u => period.OverlapSeconds(u.From, u.To < pricedFrom ? u.To : pricedFrom) > 0))
        {
            throw new UnratableUsageException($"Usage of {what} in {period} before its first price.");
        }
    }

    /// <summary>
    /// One pass over a resource's stretches for a price window: those overlapping it, clipped to it (the intervals behind
    /// the line), Σ quantity × seconds and the most at once (the cap's basis).
    /// </summary>
    private static (List<UsageInterval> Intervals, long QuantitySeconds, int MaxQuantity) InWindow<T>(
        IReadOnlyList<T> usage, int start, int count, Func<T, (DateTimeOffset From, DateTimeOffset To, int Quantity, string SourceEventId)> stretch, PriceWindow window)
    {
        var intervals = new List<UsageInterval>(count);
        var quantitySeconds = 0L;
        var maxQuantity = 0;
        for (var i = start; i < start + count; i++)
        {
            var (from, to, quantity, sourceEventId) = stretch(usage[i]);
            var seconds = OverlapSeconds(from, to, window);
            if (seconds > 0)
            {
                intervals.Add(new UsageInterval(Later(from, window.From), Earlier(to, window.To), quantity, seconds, sourceEventId));
                quantitySeconds += quantity * seconds;
                maxQuantity = Math.Max(maxQuantity, quantity);
            }
        }

        return (intervals, quantitySeconds, maxQuantity);
    }

    private static UsageInterval Interval(DateTimeOffset from, DateTimeOffset to, decimal quantity, string sourceEventId, BillingPeriod period) =>
        new(Later(from, period.Start), Earlier(to, period.End), quantity, period.OverlapSeconds(from, to), sourceEventId);

    private static long OverlapSeconds(DateTimeOffset from, DateTimeOffset to, PriceWindow window)
    {
        var start = Later(from, window.From);
        var end = Earlier(to, window.To);
        return end > start ? (long)(end - start).TotalSeconds : 0;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string AppName(RatingRequest request, Guid appId) =>
        request.AppNames.TryGetValue(appId, out var name) ? name : appId.ToString("D");
}
