using System.Runtime.CompilerServices;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// A reader that lets a test act in the gap between issuing's pinned usage read and its writing of the invoices: each
/// pinned read is completed first, then the test acts (with the owners and period read), then the read is handed on.
/// </summary>
internal sealed class ActAfterPinnedRead(IUsageReader inner, Func<IReadOnlyCollection<BillableOwner>, BillingPeriod, Task> act)
    : UsageReaderDecorator(inner), IUsageReader
{
    public Task<long> PinAsync(CancellationToken cancellationToken) => Inner.PinAsync(cancellationToken);

    public async IAsyncEnumerable<OwnerUsage> UsageOfOwnersThrough(
        IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, long position, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var read = new List<OwnerUsage>();
        await foreach (var usage in Inner.UsageOfOwnersThrough(owners, period, position, cancellationToken))
        {
            read.Add(usage);
        }

        await act(owners, period);
        foreach (var usage in read)
        {
            yield return usage;
        }
    }
}

/// <summary>
/// Hands the reader's required members to another reader; the batch and pinned reads stay the contract's defaults
/// unless a subclass re-implements them (it lists <see cref="IUsageReader"/> again to do so).
/// </summary>
internal abstract class UsageReaderDecorator(IUsageReader inner) : IUsageReader
{
    protected IUsageReader Inner => inner;

    public IAsyncEnumerable<BillableOwner> OwnersWithUsage(BillingPeriod period, CancellationToken cancellationToken) =>
        inner.OwnersWithUsage(period, cancellationToken);

    public Task<IReadOnlyList<GaugeSegment>> Segments(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        inner.Segments(owner, period, cancellationToken);

    public Task<IReadOnlyList<CounterTotal>> Counters(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        inner.Counters(owner, period, cancellationToken);

    public Task<IReadOnlyList<UsageRollup>> MonthlyRollups(IReadOnlyCollection<BillableOwner> owners, BillingPeriod month, CancellationToken cancellationToken) =>
        inner.MonthlyRollups(owners, month, cancellationToken);
}
