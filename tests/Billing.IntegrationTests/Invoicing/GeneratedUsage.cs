using System.Runtime.CompilerServices;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// Usage's reader facade over segments a test decides (Usage's own implementation is tested in its module);
/// owners come out ordered, as the contract says.
/// </summary>
internal sealed class GeneratedUsage(IReadOnlyList<GaugeSegment> segments, IReadOnlyList<CounterTotal>? counters = null) : IUsageReader
{
    public static GeneratedUsage ForOwners(int owners, BillingPeriod period, int seed = 7)
    {
        var random = new Random(seed);
        var list = new List<GaugeSegment>();
        for (var n = 0; n < owners; n++)
        {
            var owner = n % 5 == 4 ? BillableOwner.Team(Guid.NewGuid()) : BillableOwner.Account(Guid.NewGuid());
            var app = Guid.NewGuid();
            var at = period.Start;
            while (at < period.End)
            {
                var until = at.AddHours(random.Next(1, 24 * 20));
                until = until > period.End ? period.End : until;
                list.Add(new GaugeSegment(owner, app, UsageMetrics.FormationQuantity, "web", random.Next(2) == 0 ? "standard-1x" : "standard-2x",
                    random.Next(0, 4), at, until, $"evt-{list.Count}"));
                at = until;
            }
        }

        return new GeneratedUsage(list);
    }

    public IReadOnlyList<GaugeSegment> All => segments;

    /// <summary>Awaited before <see cref="OwnersWithUsage"/> hands out its n-th owner (from 0): a test holds planning there, or fails it.</summary>
    public Func<int, Task>? BeforeOwner { get; set; }

    public async IAsyncEnumerable<BillableOwner> OwnersWithUsage(BillingPeriod period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var handedOut = 0;
        foreach (var owner in segments.Where(s => period.OverlapSeconds(s.From, s.To) > 0).Select(s => s.Owner).Distinct().OrderBy(o => o.Kind).ThenBy(o => o.Id))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            if (BeforeOwner is { } before)
            {
                await before(handedOut);
            }

            handedOut++;
            yield return owner;
        }
    }

    public Task<IReadOnlyList<GaugeSegment>> Segments(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GaugeSegment>>([.. segments.Where(s => s.Owner == owner && period.OverlapSeconds(s.From, s.To) > 0)
            .Select(s => s with { From = s.From > period.Start ? s.From : period.Start, To = s.To < period.End ? s.To : period.End })]);

    /// <summary>The counters given, as the totals of every period (a test decides one period's figures).</summary>
    public Task<IReadOnlyList<CounterTotal>> Counters(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CounterTotal>>([.. (counters ?? []).Where(c => c.Owner == owner)]);

    /// <summary>A test's usage has no arrival order: all of it counts as at or below any pinned position.</summary>
    public Task<long> PinAsync(CancellationToken cancellationToken) => Task.FromResult((long)segments.Count);

    public IAsyncEnumerable<OwnerUsage> UsageOfOwnersThrough(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, long position, CancellationToken cancellationToken) =>
        ((IUsageReader)this).UsageOfOwners(owners, period, cancellationToken);

    /// <summary>A test's usage has no arrival instant: all of it counts as recorded before any invoice.</summary>
    public IAsyncEnumerable<OwnerUsage> UsageOfOwnersRecordedBy(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, DateTimeOffset recordedUpTo, CancellationToken cancellationToken) =>
        ((IUsageReader)this).UsageOfOwners(owners, period, cancellationToken);

    public Task<IReadOnlyList<UsageRollup>> MonthlyRollups(IReadOnlyCollection<BillableOwner> owners, BillingPeriod month, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UsageRollup>>([]);
}
