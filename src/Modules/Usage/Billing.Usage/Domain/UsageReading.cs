namespace Billing.Usage.Domain;

/// <summary>
/// One stored reading as reads need it (a gauge reading for the timeline, or a counter reading). <see cref="Arrival"/> orders readings that arrived for the same instant
/// (the stored arrival position, or the order a caller handed them over in).
/// </summary>
/// <remarks>A value, not an entity: a billing run rebuilds a million of them, and each object would outlive a GC.</remarks>
internal readonly record struct UsageReading(long Arrival, Guid AppId, string Metric, string Subject, string Variant, decimal Value, DateTimeOffset OccurredAt, string EventId)
{
    public static UsageReading Of(UsageEvent e, long arrival) =>
        new(arrival, e.AppId, e.Metric, e.Subject, e.Variant, e.Value, e.OccurredAt, e.EventId);
}
