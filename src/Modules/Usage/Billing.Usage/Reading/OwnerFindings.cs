using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Reading;

/// <summary>What planning's probes found of an owner (or of one of its metrics): the higher finding wins.</summary>
internal enum OwnerFound
{
    Nothing = 0,

    /// <summary>Only a gauge reading before the period: usage if the gauge is still held in it.</summary>
    HeldBefore = 1,

    /// <summary>An event in the period.</summary>
    InPeriod = 2,
}

/// <summary>
/// Planning's walk of Usage's owner index, one finding per owner and metric in the index's order, as one finding per
/// owner. An owner is handed out as soon as the next owner's first finding shows it is complete, so a billing run's
/// workers rate the first partitions while the walk goes on (ADR 0056, ADR 0057). Collecting the walk first held every
/// worker but the planner idle until the last owner was probed.
/// </summary>
internal static class OwnerFindings
{
    public static async IAsyncEnumerable<(BillableOwner Owner, OwnerFound Found)> PerOwner(IAsyncEnumerable<(BillableOwner Owner, OwnerFound Found)> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        (BillableOwner Owner, OwnerFound Found)? current = null;
        await foreach (var (owner, found) in metrics)
        {
            if (current is { } previous && previous.Owner != owner)
            {
                if (previous.Found != OwnerFound.Nothing)
                {
                    yield return previous;
                }

                current = null;
            }

            current = (owner, current is { } same && same.Found > found ? same.Found : found);
        }

        if (current is { Found: not OwnerFound.Nothing } last)
        {
            yield return last;
        }
    }
}
