using System.Runtime.ExceptionServices;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain;
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
/// Gathers what rating needs — usage (Usage's reader), prices (the local rate card), credits, addresses, adjustments —
/// and rates. Many owners are rated with a handful of queries (one batch read of their usage, one query each for
/// their credits, addresses, app names and adjustments); one owner is the same path with a batch of one, so a run
/// and a preview rate identically. Reads only; issuing decides what to persist.
/// </summary>
internal sealed class OwnerRating(InvoicingDbContext db, IUsageReader usage, ILicensePositions licences, IOptions<InvoicingOptions> options)
{
    private RateCardSnapshot? rateCard;

    private TaxTable Taxes => new(options.Value.Tax.Rates);

    /// <summary>The owner's invoice for the period: usage charges, then open adjustments and usage corrections, credits, tax.</summary>
    public async Task<RatedInvoice> RateAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken)
    {
        var rated = (await RateManyAsync([owner], period, cancellationToken)).Single();
        if (rated.Failure is not null)
        {
            ExceptionDispatchInfo.Throw(rated.Failure);
        }

        return rated.Invoice!;
    }

    /// <summary>
    /// Rates every owner's period. One owner's failure (unpriced usage, a bad correction) is returned as that owner's
    /// outcome and does not stop the others; a failure to read the batch itself throws.
    /// </summary>
    public async Task<IReadOnlyList<OwnerRated>> RateManyAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, CancellationToken cancellationToken)
    {
        if (owners.Count == 0)
        {
            return [];
        }

        var usages = new List<OwnerUsage>(owners.Count);
        await foreach (var owned in usage.UsageOfOwners(owners, period, cancellationToken))
        {
            usages.Add(owned);
        }

        var inputs = await RatingInputs.LoadAsync(db, owners, period, usages.SelectMany(u => u.Segments).Select(s => s.AppId), cancellationToken);
        var rater = await RaterAsync(cancellationToken);
        var rated = new List<OwnerRated>(usages.Count);
        foreach (var owned in usages.OrderBy(u => u.Owner.Kind).ThenBy(u => u.Owner.Id))
        {
            try
            {
                var entity = inputs.Entity(owned.Owner);
                var request = Request(owned, period, inputs.AppNames) with
                {
                    Credits = inputs.Credits(owned.Owner),
                    Tax = entity?.Address is { UseInvoiceAddress: true } address ? Taxes.RateFor(address.Country, address.State) : null,
                    Adjustments = [.. inputs.SupportAdjustments(owned.Owner), .. await CorrectionsAsync(owned.Owner, inputs.Corrections(owned.Owner), cancellationToken)],
                    Licence = await LicenceCoverageAsync(owned.Owner, period, cancellationToken),
                };
                rated.Add(new OwnerRated(owned.Owner, rater.Rate(request), null));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                rated.Add(new OwnerRated(owned.Owner, null, exception));
            }
        }

        return rated;
    }

    private static RatingRequest Request(OwnerUsage owned, BillingPeriod period, IReadOnlyDictionary<Guid, string> appNames) =>
        new(owned.Owner, period, UsageSegments.Dynos(owned.Segments), UsageSegments.Addons(owned.Segments), appNames)
        {
            Metered = UsageSegments.Metered(owned.Counters),
        };

    private async Task<InvoiceRater> RaterAsync(CancellationToken cancellationToken) =>
        new(options.Value.Rating, rateCard ??= await LoadRateCardAsync(cancellationToken));

    /// <summary>
    /// The owner's usage charges alone (no credits, adjustments, corrections or tax) from the usage recorded up to
    /// <paramref name="recordedUpTo"/>: a finalized invoice's usage lines as they were rated, to recompute their
    /// explanations (ADR 0033).
    /// </summary>
    public async Task<RatedInvoice> RateUsageRecordedByAsync(BillableOwner owner, BillingPeriod period, DateTimeOffset recordedUpTo, CancellationToken cancellationToken)
    {
        OwnerUsage? owned = null;
        await foreach (var read in usage.UsageOfOwnersRecordedBy([owner], period, recordedUpTo, cancellationToken))
        {
            owned = read;
        }

        return await RateUsageOnlyAsync(owned ?? new OwnerUsage(owner, [], []), period, cancellationToken);
    }

    /// <summary>
    /// For each earlier invoiced period with late usage, the change in its usage charges (re-rated now, usage only,
    /// minus what its finalized invoice charged for usage) as an adjustment. Rare, so read owner by owner.
    /// </summary>
    private async Task<IReadOnlyList<Adjustment>> CorrectionsAsync(BillableOwner owner, IEnumerable<PendingUsageCorrection> corrections, CancellationToken cancellationToken)
    {
        var adjustments = new List<Adjustment>();
        foreach (var correction in corrections)
        {
            // The period's latest invoice: a re-issued one, not the void one it replaced (ADR 0036).
            var invoiceId = await db.Invoices.AsNoTracking()
                .Where(i => i.OwnerKind == owner.Kind && i.OwnerId == owner.Id && i.PeriodStart == correction.PeriodStart)
                .OrderByDescending(i => i.Number).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);
            var invoiced = await db.InvoiceLines.AsNoTracking()
                .Where(l => l.InvoiceId == invoiceId)
                .Where(l => l.Kind == LineKind.Dyno || l.Kind == LineKind.Eco || l.Kind == LineKind.Addon || l.Kind == LineKind.Metered || l.Kind == LineKind.OnDemand)
                .SumAsync(l => l.AmountCents, cancellationToken);
            var owned = new OwnerUsage(owner, await usage.Segments(owner, correction.Period, cancellationToken), await usage.Counters(owner, correction.Period, cancellationToken));
            var rerated = (await RateUsageOnlyAsync(owned, correction.Period, cancellationToken)).ChargesCents;
            adjustments.Add(new Adjustment(correction.Id, null, $"Usage correction for {correction.PeriodStart.UtcDateTime:MM/yyyy}", rerated - invoiced,
                $"{correction.LateEvents} usage event(s) arrived after the period was invoiced"));
        }

        return adjustments;
    }

    private async Task<RatedInvoice> RateUsageOnlyAsync(OwnerUsage owned, BillingPeriod period, CancellationToken cancellationToken)
    {
        var appNames = await RatingInputs.AppNamesAsync(db, owned.Segments.Select(s => s.AppId), cancellationToken);
        var request = Request(owned, period, appNames) with { Licence = await LicenceCoverageAsync(owned.Owner, period, cancellationToken) };
        return (await RaterAsync(cancellationToken)).Rate(request);
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

/// <summary>One owner's rated invoice, or why it could not be rated.</summary>
internal sealed record OwnerRated(BillableOwner Owner, RatedInvoice? Invoice, Exception? Failure);

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
