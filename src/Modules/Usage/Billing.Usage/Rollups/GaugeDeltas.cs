using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Domain;

namespace Billing.Usage.Rollups;

/// <summary>One daily rollup row's key.</summary>
internal readonly record struct RollupDay(BillableOwner Owner, GaugeSeries Series, string Variant, DateTimeOffset Day);

/// <summary>A daily rollup row's figures; no pieces means no row.</summary>
internal readonly record struct DayFigures(decimal Total, decimal Max, long Pieces);

/// <summary>
/// Readings that arrived between the same two folded readings of a series (<see cref="Before"/> and <see cref="After"/>,
/// either missing at the series' ends). Folded: already counted in the stored rollups.
/// </summary>
internal sealed record GaugeGap(BillableOwner Owner, GaugeSeries Series, GaugeReading? Before, List<GaugeReading> Arrived, GaugeReading? After);

/// <summary>What a batch of gaps takes out of and puts into one day row.</summary>
internal sealed class DayChange
{
    public long Removed { get; private set; }

    public decimal RemovedTotal { get; private set; }

    public decimal? RemovedMax { get; private set; }

    public long Added { get; private set; }

    public decimal AddedTotal { get; private set; }

    public decimal? AddedMax { get; private set; }

    public void Remove(in DayPiece piece)
    {
        Removed++;
        RemovedTotal += piece.Value * piece.Seconds;
        RemovedMax = RemovedMax is { } max && max >= piece.Value ? max : piece.Value;
    }

    public void Add(in DayPiece piece)
    {
        Added++;
        AddedTotal += piece.Value * piece.Seconds;
        AddedMax = AddedMax is { } max && max >= piece.Value ? max : piece.Value;
    }
}

/// <summary>
/// Folds newly arrived gauge readings into the stored daily rollups without reading their days again (ADR 0049). A
/// reading that arrives between folded readings B and A splits B's stretch [B, A): B now holds until the first arrival,
/// each arrival until the next, the last one until A (or stays open when A is missing). So the change to the rollups is
/// B's old pieces out, the chain's pieces in — whatever the order readings arrive in, from two neighbours per arrival.
/// Totals and piece counts follow exactly; a day's maximum does too unless a piece that held it is taken out while
/// other pieces of the day remain and nothing added reaches it: then nobody knows the rest's maximum without reading
/// the day, and the series is recomputed from its events instead.
/// </summary>
internal static class GaugeDeltas
{
    public static Dictionary<RollupDay, DayChange> Changes(IEnumerable<GaugeGap> gaps)
    {
        var changes = new Dictionary<RollupDay, DayChange>();
        foreach (var gap in gaps)
        {
            if (gap.Before is { } before && gap.After is { } after)
            {
                foreach (var piece in ClosedStretches.Held(before, after.At, DateTimeOffset.MinValue))
                {
                    ChangeOf(changes, gap, piece).Remove(piece);
                }
            }

            var chain = new List<GaugeReading>(gap.Arrived.Count + 2);
            if (gap.Before is { } first)
            {
                chain.Add(first);
            }

            chain.AddRange(gap.Arrived.Order());
            if (gap.After is { } last)
            {
                chain.Add(last);
            }

            foreach (var piece in ClosedStretches.ByDay(chain, DateTimeOffset.MinValue))
            {
                ChangeOf(changes, gap, piece).Add(piece);
            }
        }

        return changes;
    }

    /// <summary>
    /// The row's figures after <paramref name="change"/> (no pieces: the row goes), or null when they cannot be known
    /// from the row alone: its maximum went with a removed piece, or the row does not hold what is being removed
    /// (it was not maintained from the same readings).
    /// </summary>
    public static DayFigures? Apply(DayFigures? stored, DayChange change)
    {
        var row = stored ?? default;
        var untouched = row.Pieces - change.Removed;
        if (untouched < 0)
        {
            return null;
        }

        var pieces = untouched + change.Added;
        var total = row.Total - change.RemovedTotal + change.AddedTotal;
        if (pieces == 0)
        {
            return total == 0 ? new DayFigures(0, 0, 0) : null;
        }

        if (untouched == 0)
        {
            return row.Total == change.RemovedTotal ? new DayFigures(total, change.AddedMax!.Value, pieces) : null;
        }

        if (change.RemovedMax is not { } removedMax || removedMax < row.Max)
        {
            return new DayFigures(total, change.AddedMax is { } added && added > row.Max ? added : row.Max, pieces);
        }

        return change.AddedMax is { } reaching && reaching >= row.Max ? new DayFigures(total, reaching, pieces) : null;
    }

    private static DayChange ChangeOf(Dictionary<RollupDay, DayChange> changes, GaugeGap gap, in DayPiece piece)
    {
        var key = new RollupDay(gap.Owner, gap.Series, piece.Variant, piece.Day);
        if (!changes.TryGetValue(key, out var change))
        {
            change = new DayChange();
            changes.Add(key, change);
        }

        return change;
    }
}
