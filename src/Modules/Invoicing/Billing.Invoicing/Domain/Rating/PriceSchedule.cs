using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Domain.Rating;

/// <summary>
/// One price version of a dyno size or plan: in force from <see cref="EffectiveFrom"/> until the next version.
/// How a plan is billed belongs to the version too (a later version may make a plan contract or metered), so a
/// past period is rated with the terms it had.
/// </summary>
internal sealed record PriceVersionTerms(Guid VersionId, long MonthlyCents, DateTimeOffset EffectiveFrom)
{
    /// <summary>Plans only: billed through an enterprise contract, never on the invoice.</summary>
    public bool Contract { get; init; }

    /// <summary>Plans only: <see cref="MonthlyCents"/> is the price per unit used beyond <see cref="IncludedUnits"/>.</summary>
    public bool Metered { get; init; }

    /// <summary>Metered plans: units per month that cost nothing.</summary>
    public long IncludedUnits { get; init; }

    /// <summary>Billed by the provisioned time (the plan is neither contract nor metered in this version).</summary>
    public bool ByTime => !Contract && !Metered;
}

/// <summary>The part <c>[From, To)</c> of a billing period over which one price version was in force.</summary>
internal sealed record PriceWindow(PriceVersionTerms Version, DateTimeOffset From, DateTimeOffset To)
{
    public long Seconds => (long)(To - From).TotalSeconds;
}

/// <summary>The effective-dated versions of one price; a past period keeps the prices it had.</summary>
internal sealed class PriceSchedule
{
    private readonly PriceVersionTerms[] versions;

    public PriceSchedule(IEnumerable<PriceVersionTerms> versions)
    {
        this.versions = [.. versions.OrderBy(v => v.EffectiveFrom)];
    }

    /// <summary>
    /// The period cut where the price changes. The part before the first version is not covered: usage there
    /// cannot be rated (<see cref="FirstPricedInstant"/> tells where pricing starts).
    /// </summary>
    public IReadOnlyList<PriceWindow> Windows(BillingPeriod period)
    {
        var windows = new List<PriceWindow>();
        for (var i = 0; i < versions.Length; i++)
        {
            var from = versions[i].EffectiveFrom > period.Start ? versions[i].EffectiveFrom : period.Start;
            var until = i + 1 < versions.Length ? versions[i + 1].EffectiveFrom : period.End;
            var to = until < period.End ? until : period.End;
            if (to > from)
            {
                windows.Add(new PriceWindow(versions[i], from, to));
            }
        }

        return windows;
    }

    public DateTimeOffset? FirstPricedInstant => versions.Length == 0 ? null : versions[0].EffectiveFrom;
}
