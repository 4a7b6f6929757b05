using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Persistence;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Usage.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Billing.Invoicing.Issuing;

/// <summary>Invoicing settings: <c>Invoicing:Rating</c> (ADR 0022), <c>Invoicing:Tax:Rates</c>, the run's partition size.</summary>
internal sealed class InvoicingOptions
{
    public const string Section = "Invoicing";

    public RatingPolicy Rating { get; set; } = new();

    public TaxOptions Tax { get; set; } = new();

    /// <summary>Owners per Hangfire job of a billing run.</summary>
    public int PartitionSize { get; set; } = 200;

    public sealed class TaxOptions
    {
        /// <summary>Basis points by jurisdiction (<c>"SE": 2500</c>, <c>"US-WA": 650</c>).</summary>
        public Dictionary<string, int> Rates { get; set; } = [];
    }
}

/// <summary>
/// Gathers what rating one owner's period needs — usage (Usage's reader), prices (the local rate card), credits —
/// and rates it. Reads only; issuing decides what to persist.
/// </summary>
internal sealed class OwnerRating(InvoicingDbContext db, IUsageReader usage, ILicensePositions licences, IOptions<InvoicingOptions> options)
{
    private RateCardSnapshot? rateCard;

    private TaxTable Taxes => new(options.Value.Tax.Rates);

    /// <summary>The owner's invoice for the period: usage charges, then open adjustments and usage corrections, credits, tax.</summary>
    public Task<RatedInvoice> RateAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        RateAsync(owner, period, withExtras: true, cancellationToken);

    private async Task<RatedInvoice> RateAsync(BillableOwner owner, BillingPeriod period, bool withExtras, CancellationToken cancellationToken)
    {
        var segments = await usage.Segments(owner, period, cancellationToken);
        var counters = await usage.Counters(owner, period, cancellationToken);
        var credits = withExtras && owner.Kind == BillableOwnerKind.Account
            ? await db.Credits.AsNoTracking().Where(c => c.AccountId == owner.Id && c.BalanceCents > 0).ToListAsync(cancellationToken)
            : [];
        var appIds = segments.Select(s => s.AppId).Distinct().ToList();
        var appNames = await db.BilledApps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var entity = await db.BillingEntities.AsNoTracking().SingleOrDefaultAsync(e => e.OwnerKind == owner.Kind && e.OwnerId == owner.Id, cancellationToken);
        var request = new RatingRequest(owner, period, UsageSegments.Dynos(segments), UsageSegments.Addons(segments), appNames)
        {
            Metered = UsageSegments.Metered(counters),
            Credits = [.. credits.Select(c => c.Available())],
            Tax = withExtras && entity?.Address is { UseInvoiceAddress: true } address ? Taxes.RateFor(address.Country, address.State) : null,
            Adjustments = withExtras ? await AdjustmentsAsync(owner, period, cancellationToken) : [],
            Licence = await LicenceCoverageAsync(owner, period, cancellationToken),
        };
        var rater = new InvoiceRater(options.Value.Rating, rateCard ??= await LoadRateCardAsync(cancellationToken));
        return rater.Rate(request);
    }

    /// <summary>
    /// Support adjustments not billed yet, and for each earlier invoiced period with late usage, the change in its usage
    /// charges (re-rated now, minus what its finalized invoice charged for usage) as an adjustment.
    /// </summary>
    private async Task<IReadOnlyList<Adjustment>> AdjustmentsAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken)
    {
        var adjustments = (await db.SupportAdjustments.AsNoTracking()
                .Where(a => a.OwnerKind == owner.Kind && a.OwnerId == owner.Id && a.AppliedToInvoiceId == null && a.CreatedAt < period.End)
                .OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken))
            .Select(a => new Adjustment(a.Id, null, a.Description, a.AmountCents, a.Reason)).ToList();
        var corrections = await db.PendingUsageCorrections.AsNoTracking()
            .Where(c => c.OwnerKind == owner.Kind && c.OwnerId == owner.Id && c.SettledOnInvoiceId == null && c.PeriodStart < period.Start)
            .OrderBy(c => c.PeriodStart).ToListAsync(cancellationToken);
        foreach (var correction in corrections)
        {
            var invoiced = await db.InvoiceLines.AsNoTracking()
                .Where(l => db.Invoices.Any(i => i.Id == l.InvoiceId && i.OwnerKind == owner.Kind && i.OwnerId == owner.Id && i.PeriodStart == correction.PeriodStart))
                .Where(l => l.Kind == LineKind.Dyno || l.Kind == LineKind.Eco || l.Kind == LineKind.Addon || l.Kind == LineKind.Metered || l.Kind == LineKind.OnDemand)
                .SumAsync(l => l.AmountCents, cancellationToken);
            var rerated = (await RateAsync(owner, correction.Period, withExtras: false, cancellationToken)).ChargesCents;
            adjustments.Add(new Adjustment(correction.Id, null, $"Usage correction for {correction.PeriodStart.UtcDateTime:MM/yyyy}", rerated - invoiced,
                $"{correction.LateEvents} usage event(s) arrived after the period was invoiced"));
        }

        return adjustments;
    }

    /// <summary>Enterprise contracts' coverage and On-demand overage (Licensing's positions; only teams of enterprise accounts have any).</summary>
    private async Task<LicenceCoverage> LicenceCoverageAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken)
    {
        if (owner.Kind != BillableOwnerKind.Team)
        {
            return LicenceCoverage.None;
        }

        var positions = await licences.ForMonth(owner, period, cancellationToken);
        return new LicenceCoverage(
            [.. positions.Segments.Where(s => s.ContractId is not null).Select(s => (s.Period.Start, s.Period.End))],
            [.. positions.Positions.Select(p => new OnDemandOverage(p.Product, p.Licensed, p.PoolConsumed, p.OwnerConsumed, p.Overage, p.OnDemandRateCents, p.PoolOverageCents, p.OwnerOverageCents))]);
    }

    private async Task<RateCardSnapshot> LoadRateCardAsync(CancellationToken cancellationToken)
    {
        var dynoRates = await db.DynoSizeRates.AsNoTracking().ToListAsync(cancellationToken);
        var planRates = await db.PlanRates.AsNoTracking().ToListAsync(cancellationToken);
        var included = (await db.PlanMeterRates.AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(m => (m.PlanId, m.EffectiveFrom), m => m.IncludedUnits);
        return new RateCardSnapshot(
            dynoRates.GroupBy(r => r.Name).ToDictionary(g => g.Key,
                g => new PriceSchedule(g.Where(r => r.MonthlyPriceCents is not null).Select(r => new PriceVersionTerms(r.Id, r.MonthlyPriceCents!.Value, r.EffectiveFrom)))),
            planRates.GroupBy(r => r.PlanId).ToDictionary(g => g.Key, g => new PlanTerms(g.Key, g.MaxBy(r => r.EffectiveFrom)!.Name,
                new PriceSchedule(g.Select(r => new PriceVersionTerms(r.Id, r.Cents, r.EffectiveFrom)
                {
                    Contract = r.Contract,
                    Metered = r.Metered,
                    IncludedUnits = included[(r.PlanId, r.EffectiveFrom)].LastOrDefault(),
                })))),
            dynoRates.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.MaxBy(r => r.EffectiveFrom)!.PreciseDynoUnits));
    }
}

/// <summary>Usage's gauge segments and counters in the rating engine's terms.</summary>
internal static class UsageSegments
{
    public static IReadOnlyList<DynoUsage> Dynos(IEnumerable<GaugeSegment> segments) =>
        [.. segments.Where(s => s.Metric == UsageMetrics.FormationQuantity)
            .Select(s => new DynoUsage(s.AppId, s.Subject, s.Variant, (int)s.Value, s.From, s.To, s.SourceEventId))];

    public static IReadOnlyList<AddonUsage> Addons(IEnumerable<GaugeSegment> segments) =>
        [.. segments.Where(s => s.Metric == UsageMetrics.AddonPlan && Guid.TryParse(s.Subject, out _) && Guid.TryParse(s.Variant, out _))
            .Select(s => new AddonUsage(s.AppId, Guid.Parse(s.Subject), Guid.Parse(s.Variant), s.Value > 0, s.From, s.To, s.SourceEventId))];

    /// <summary>Counters whose subject is an add-on id are that add-on's metered units.</summary>
    public static IReadOnlyList<MeteredUsage> Metered(IEnumerable<CounterTotal> counters) =>
        [.. counters.Where(c => Guid.TryParse(c.Subject, out _) && c.Metric != UsageMetrics.ConnectRows)
            .Select(c => new MeteredUsage(c.AppId, Guid.Parse(c.Subject), c.Sum, c.EventCount))];
}
