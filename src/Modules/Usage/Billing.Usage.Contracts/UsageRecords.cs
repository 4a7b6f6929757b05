using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Usage.Contracts;

/// <summary>
/// A stretch <c>[From, To)</c> over which one gauge held <see cref="Value"/>, as Usage reconstructed it from
/// events (out-of-order arrivals already put in place), clipped to the period asked for.
/// <see cref="SourceEventId"/> is the producer's id of the event that set the value: what a line
/// explanation traces back to.
/// </summary>
/// <param name="Subject">process type for formations, add-on id for add-ons, space name for spaces.</param>
/// <param name="Variant">dyno size name for formations, plan id for add-ons, empty otherwise.</param>
public sealed record GaugeSegment(
    BillableOwner Owner,
    Guid AppId,
    string Metric,
    string Subject,
    string Variant,
    decimal Value,
    DateTimeOffset From,
    DateTimeOffset To,
    string SourceEventId);

/// <summary>The sum (and the maximum single reading) of a counter metric within a period.</summary>
public sealed record CounterTotal(
    BillableOwner Owner,
    Guid AppId,
    string Metric,
    string Subject,
    decimal Sum,
    decimal Max,
    long EventCount);

/// <summary>
/// A daily or monthly rollup row per owner, app, metric, subject and variant. For gauges
/// <see cref="ValueSeconds"/> is Σ value × seconds (e.g. dyno-seconds); for counters it is the sum of values.
/// <see cref="MaxValue"/> is the highest value seen in the period (the cap basis for dynos).
/// </summary>
public sealed record UsageRollup(
    BillableOwner Owner,
    Guid AppId,
    string Metric,
    string Subject,
    string Variant,
    BillingPeriod Period,
    decimal ValueSeconds,
    decimal MaxValue);
