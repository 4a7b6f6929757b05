using System.Text.Json;
using System.Text.Json.Nodes;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Issuing;

namespace Billing.Invoicing.Support;

/// <summary>
/// A finalized invoice's line explanations with their usage intervals, down to the usage event ids. The stored
/// explanation keeps only the intervals' count and SHA-256 (ADR 0033); the intervals are recomputed by re-rating the
/// owner's usage lines from the usage the invoice was rated through (later arrivals were corrections on a later
/// invoice, ADR 0025, 0038). A line gets the recomputed intervals of the line with its kind, app and digest, i.e.
/// exactly the intervals it was rated from; when nothing reproduces its digest (usage, prices or a contract changed
/// since), it says so rather than show other intervals.
/// </summary>
internal sealed class LineTraces(OwnerRating rating)
{
    public async Task<IReadOnlyList<JsonElement>> ExplainAsync(Invoice invoice, IReadOnlyList<InvoiceLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(lines);
        Dictionary<(LineKind, Guid?, string), IReadOnlyList<UsageInterval>>? recomputed = null;
        var explained = new List<JsonElement>(lines.Count);
        foreach (var line in lines)
        {
            var explanation = JsonNode.Parse(line.Explanation)!.AsObject();
            if (explanation["intervals_sha256"]?.GetValue<string>() is { } digest)
            {
                recomputed ??= (await rating.RateUsageAsInvoicedAsync(invoice, cancellationToken)).Lines
                    .Where(l => l.Explanation.Intervals.Count > 0)
                    .ToDictionary(l => (l.Kind, l.AppId, l.Explanation.IntervalsSha256!), l => l.Explanation.Intervals);
                var found = recomputed.TryGetValue((line.Kind, line.AppId, digest), out var intervals);
                explanation["intervals"] = JsonSerializer.SerializeToNode(intervals ?? [], ExplanationJson.Options);
                explanation["intervals_reproduced"] = found;
            }

            explained.Add(JsonSerializer.SerializeToElement(explanation));
        }

        return explained;
    }
}
