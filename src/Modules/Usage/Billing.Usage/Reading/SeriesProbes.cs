namespace Billing.Usage.Reading;

/// <summary>
/// The owners' series found by index probes rather than by reading their history (ADR 0046): owners with any gauge
/// reading before <c>@start</c> are probed first (<c>@kinds</c>/<c>@owners</c>, <c>@gauges</c>), then their series are
/// walked through the (owner_id, app_id, metric, subject, occurred_at) index one series at a time (a loose index scan).
/// </summary>
internal static class SeriesProbes
{
    /// <summary>The CTEs ending in <c>series</c> (owner_id, app_id, metric, subject): every series of those owners, counters included.</summary>
    public static string SeriesCte(string schema) => $"""
            WITH RECURSIVE with_history AS (
                SELECT o.id FROM unnest(@kinds, @owners) AS o(kind, id)
                WHERE EXISTS (SELECT 1 FROM {schema}.usage_events e
                              WHERE e.owner_kind = o.kind AND e.owner_id = o.id AND e.metric = ANY(@gauges) AND e.occurred_at < @start)
            ), series AS (
                SELECT first.owner_id, first.app_id, first.metric, first.subject
                FROM with_history h
                CROSS JOIN LATERAL (
                    SELECT e.owner_id, e.app_id, e.metric, e.subject FROM {schema}.usage_events e
                    WHERE e.owner_id = h.id
                    ORDER BY e.app_id, e.metric, e.subject, e.occurred_at LIMIT 1) first
                UNION ALL
                SELECT next.owner_id, next.app_id, next.metric, next.subject
                FROM series s
                CROSS JOIN LATERAL (
                    SELECT e.owner_id, e.app_id, e.metric, e.subject FROM {schema}.usage_events e
                    WHERE e.owner_id = s.owner_id
                      AND (e.app_id, e.metric, e.subject, e.occurred_at) > (s.app_id, s.metric, s.subject, 'infinity'::timestamptz)
                    ORDER BY e.app_id, e.metric, e.subject, e.occurred_at LIMIT 1) next
            )
        """;
}
