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
        var rated = (await RateManyAsync([owner], period, RatingOccasion.Preview, cancellationToken)).Single();
        if (rated.Failure is not null)
        {
            ExceptionDispatchInfo.Throw(rated.Failure);
        }

        return rated.Invoice!;
    }

    /// <summary>
    /// Rates every owner's period. One owner's failure (unpriced usage, a bad correction) is returned as that owner's
    /// outcome and does not stop the others; a failure to read the batch itself throws. When the occasion pins usage
    /// (issuing), usage is read through a pinned position that the invoices keep (ADR 0038), after the open usage
    /// corrections are read, so a late event either counts in a correction as rated or opens another one.
    /// </summary>
    public async Task<IReadOnlyList<OwnerRated>> RateManyAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, RatingOccasion occasion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(occasion);
        if (owners.Count == 0)
        {
            return [];
        }

        var inputs = await RatingInputs.LoadAsync(db, owners, period, cancellationToken);
        long? through = occasion.PinUsage ? await usage.PinAsync(cancellationToken) : null;
        var usages = new List<OwnerUsage>(owners.Count);
        await foreach (var owned in through is { } position
            ? usage.UsageOfOwnersThrough(owners, period, position, cancellationToken)
            : usage.UsageOfOwners(owners, period, cancellationToken))
        {
            usages.Add(owned);
        }

        var appNames = await RatingInputs.AppNamesAsync(db, usages, cancellationToken);
        var coverage = await LicenceCoverageAsync(owners, period, cancellationToken);
        var rater = await RaterAsync(cancellationToken);
        var rated = new List<OwnerRated>(usages.Count);
        usages.Sort(static (a, b) => a.Owner.Kind != b.Owner.Kind ? ((int)a.Owner.Kind).CompareTo((int)b.Owner.Kind) : a.Owner.Id.CompareTo(b.Owner.Id));
        for (var i = 0; i < usages.Count; i++)
        {
            // Each owner's segments are let go once it is rated, so a collection later in the partition does not keep them.
            var owned = usages[i];
            usages[i] = null!;
            try
            {
                var entity = inputs.Entity(owned.Owner);
                var corrections = inputs.Corrections(owned.Owner).ToList();
                var request = Request(owned, period, appNames) with
                {
                    Credits = inputs.Credits(owned.Owner),
                    Tax = entity?.Address is { UseInvoiceAddress: true } address ? Taxes.RateFor(address.Country, address.State) : null,
                    Adjustments = [
                        .. inputs.SupportAdjustments(owned.Owner),
                        .. await CorrectionsAsync(owned.Owner, corrections, through, cancellationToken),
                        .. occasion.IsReissue ? await CorrectionsAlreadyBilledAsync(owned.Owner, period, cancellationToken) : []],
                    Licence = coverage.GetValueOrDefault(owned.Owner, LicenceCoverage.None),
                    IssuedAt = occasion.IssuedAt ?? period.End,
                };
                rated.Add(new OwnerRated(owned.Owner, rater.Rate(request) with
                {
                    UsageThrough = through,
                    CorrectionsAsRated = corrections.ToDictionary(c => c.Id, c => c.LateEvents),
                }, null));
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
    /// A finalized invoice's usage charges alone (no credits, adjustments, corrections or tax) from the usage it was
    /// rated from — through its pinned position, or recorded by its finalization if it has none — to recompute its
    /// lines' explanations (ADR 0033, 0038).
    /// </summary>
    public async Task<RatedInvoice> RateUsageAsInvoicedAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var owned = await OneOwnerAsync(invoice.Owner, invoice.UsageThrough is { } through
            ? usage.UsageOfOwnersThrough([invoice.Owner], invoice.Period, through, cancellationToken)
            : usage.UsageOfOwnersRecordedBy([invoice.Owner], invoice.Period, invoice.CreatedAt, cancellationToken));
        return await RateUsageOnlyAsync(owned, invoice.Period, cancellationToken);
    }

    /// <summary>
    /// For each earlier invoiced period with late usage, the change in its usage charges as an adjustment: the period
    /// re-rated (usage only, through the pinned position when issuing) minus what its standing invoice charged for usage
    /// and minus the corrections of it already billed since that invoice, so a period corrected twice bills each change
    /// once. Two open corrections of one period (concurrent notices) bill the change once: the others settle at zero.
    /// Rare, so read owner by owner.
    /// </summary>
    private async Task<IReadOnlyList<Adjustment>> CorrectionsAsync(BillableOwner owner, IReadOnlyList<PendingUsageCorrection> corrections, long? through, CancellationToken cancellationToken)
    {
        var adjustments = new List<Adjustment>();
        foreach (var period in corrections.GroupBy(c => c.PeriodStart))
        {
            var correction = period.First();
            // The period's latest invoice: a re-issued one, not the void one it replaced (ADR 0036).
            var standing = await db.Invoices.AsNoTracking()
                .Where(i => i.OwnerKind == owner.Kind && i.OwnerId == owner.Id && i.PeriodStart == correction.PeriodStart)
                .OrderByDescending(i => i.Number).Select(i => new { i.Id, i.Number }).FirstOrDefaultAsync(cancellationToken);
            var (standingId, standingNumber) = (standing?.Id, standing?.Number ?? 0);
            var invoiced = await db.InvoiceLines.AsNoTracking()
                .Where(l => l.InvoiceId == standingId)
                .Where(l => l.Kind == LineKind.Dyno || l.Kind == LineKind.Eco || l.Kind == LineKind.Addon || l.Kind == LineKind.Metered || l.Kind == LineKind.OnDemand)
                .SumAsync(l => l.AmountCents, cancellationToken);
            var correctedSince = (await CorrectionsBilledAsync(owner, correction.PeriodStart, standingNumber, cancellationToken)).Sum(b => b.Cents);
            var owned = await UsageOfPeriodAsync(owner, correction.Period, through, cancellationToken);
            var rerated = (await RateUsageOnlyAsync(owned, correction.Period, cancellationToken)).ChargesCents;
            var lateEvents = period.Sum(c => c.LateEvents);
            adjustments.Add(new Adjustment(correction.Id, null, $"Usage correction for {correction.PeriodStart.UtcDateTime:MM/yyyy}", rerated - invoiced - correctedSince,
                $"{lateEvents} usage event(s) arrived after the period was invoiced"));
            adjustments.AddRange(period.Skip(1).Select(c => new Adjustment(c.Id, null, $"Usage correction for {c.PeriodStart.UtcDateTime:MM/yyyy}", 0, "billed with the period's other correction")));
        }

        return adjustments;
    }

    /// <summary>
    /// A re-issue rates its whole period again, late usage included; what corrections of that period already billed on
    /// invoices still standing is taken off, or the customer would pay the late usage twice (ADR 0038).
    /// </summary>
    private async Task<IReadOnlyList<Adjustment>> CorrectionsAlreadyBilledAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken)
    {
        var billed = await CorrectionsBilledAsync(owner, period.Start, afterNumber: 0, cancellationToken);
        var cents = billed.Sum(b => b.Cents);
        return cents == 0 ? [] :
        [
            new Adjustment(Guid.CreateVersion7(), null, $"Usage corrections for {period.Start.UtcDateTime:MM/yyyy} already billed", -cents,
                $"billed on invoice {string.Join(", ", billed.Select(b => b.Number).Distinct().Order())}; this invoice rates the whole period again"),
        ];
    }

    /// <summary>What corrections of the owner's period billed on invoices still standing, numbered after <paramref name="afterNumber"/>.</summary>
    private async Task<List<(long Cents, int Number)>> CorrectionsBilledAsync(BillableOwner owner, DateTimeOffset periodStart, int afterNumber, CancellationToken cancellationToken) =>
        [.. (await db.PendingUsageCorrections.AsNoTracking()
            .Where(c => c.OwnerKind == owner.Kind && c.OwnerId == owner.Id && c.PeriodStart == periodStart && c.SettledOnInvoiceId != null && c.SettledCents != 0)
            .Join(db.Invoices, c => c.SettledOnInvoiceId, i => i.Id, (c, i) => new { Cents = c.SettledCents ?? 0, i.Number, i.Status })
            .Where(x => x.Number > afterNumber && x.Status != InvoiceStatus.Void)
            .ToListAsync(cancellationToken))
            .Select(x => (x.Cents, x.Number))];

    private async Task<OwnerUsage> UsageOfPeriodAsync(BillableOwner owner, BillingPeriod period, long? through, CancellationToken cancellationToken) =>
        through is null
            ? new OwnerUsage(owner, await usage.Segments(owner, period, cancellationToken), await usage.Counters(owner, period, cancellationToken))
            : await OneOwnerAsync(owner, usage.UsageOfOwnersThrough([owner], period, through.Value, cancellationToken));

    /// <summary>The one owner a batch read was asked for (empty usage if it streamed none).</summary>
    private static async Task<OwnerUsage> OneOwnerAsync(BillableOwner owner, IAsyncEnumerable<OwnerUsage> reads)
    {
        OwnerUsage? owned = null;
        await foreach (var read in reads)
        {
            owned = read;
        }

        return owned ?? new OwnerUsage(owner, [], []);
    }

    private async Task<RatedInvoice> RateUsageOnlyAsync(OwnerUsage owned, BillingPeriod period, CancellationToken cancellationToken)
    {
        var appNames = await RatingInputs.AppNamesAsync(db, [owned], cancellationToken);
        var coverage = await LicenceCoverageAsync([owned.Owner], period, cancellationToken);
        var request = Request(owned, period, appNames) with { Licence = coverage.GetValueOrDefault(owned.Owner, LicenceCoverage.None) };
        return (await RaterAsync(cancellationToken)).Rate(request);
    }

    /// <summary>
    /// Enterprise contracts' coverage and On-demand overage of the owners' teams (Licensing's positions, read for the whole
    /// set at once; only teams of enterprise accounts have any, every other owner is left out).
    /// </summary>
    private async Task<Dictionary<BillableOwner, LicenceCoverage>> LicenceCoverageAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, CancellationToken cancellationToken)
    {
        var teams = owners.Where(o => o.Kind == BillableOwnerKind.Team).ToList();
        if (teams.Count == 0)
        {
            return [];
        }

        return (await licences.ForMonth(teams, period, cancellationToken)).Values
            .Where(p => p.EnterpriseAccountId is not null)
            .ToDictionary(p => p.Owner, p => new LicenceCoverage(
                [.. p.Segments.Where(s => s.ContractId is not null).Select(s => (s.Period.Start, s.Period.End))],
                [.. p.Positions.Select(o => new OnDemandOverage(o.Product, o.Licensed, o.PoolConsumed, o.OwnerConsumed, o.Overage, o.OnDemandRateCents, o.PoolOverageCents, o.OwnerOverageCents))]));
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

/// <summary>
/// Why owners are rated. A preview, dry run or reconciliation reads usage as it is now; issuing pins it (ADR 0038); a
/// re-issue also takes the credits valid when staff issue it — the one its void gave back among them (ADR 0036) —
/// where a run takes those valid at the period's end.
/// </summary>
internal sealed record RatingOccasion(bool PinUsage, DateTimeOffset? IssuedAt)
{
    public static readonly RatingOccasion Preview = new(PinUsage: false, IssuedAt: null);

    public static readonly RatingOccasion Issue = new(PinUsage: true, IssuedAt: null);

    public static RatingOccasion Reissue(DateTimeOffset now) => new(PinUsage: true, IssuedAt: now);

    public bool IsReissue => IssuedAt is not null;
}

/// <summary>One owner's rated invoice, or why it could not be rated.</summary>
internal sealed record OwnerRated(BillableOwner Owner, RatedInvoice? Invoice, Exception? Failure);

/// <summary>Usage's gauge segments and counters in the rating engine's terms.</summary>
internal static class UsageSegments
{
    public static IReadOnlyList<DynoUsage> Dynos(IReadOnlyList<GaugeSegment> segments)
    {
        // Sized up front: most of a run's segments are formations, one list per owner instead of a growing copy.
        var dynos = new List<DynoUsage>(segments.Count);
        foreach (var s in segments)
        {
            if (s.Metric == UsageMetrics.FormationQuantity)
            {
                dynos.Add(new DynoUsage(s.AppId, s.Subject, s.Variant, (int)s.Value, s.From, s.To, s.SourceEventId));
            }
        }

        return dynos;
    }

    public static IReadOnlyList<AddonUsage> Addons(IEnumerable<GaugeSegment> segments) =>
        [.. segments.Where(s => s.Metric == UsageMetrics.AddonPlan && Guid.TryParse(s.Subject, out _) && Guid.TryParse(s.Variant, out _))
            .Select(s => new AddonUsage(s.AppId, Guid.Parse(s.Subject), Guid.Parse(s.Variant), s.Value > 0, s.From, s.To, s.SourceEventId))];

    /// <summary>Counters whose subject is an add-on id are that add-on's metered units.</summary>
    public static IReadOnlyList<MeteredUsage> Metered(IEnumerable<CounterTotal> counters) =>
        [.. counters.Where(c => Guid.TryParse(c.Subject, out _) && c.Metric != UsageMetrics.ConnectRows)
            .Select(c => new MeteredUsage(c.AppId, Guid.Parse(c.Subject), c.Sum, c.EventCount))];
}
