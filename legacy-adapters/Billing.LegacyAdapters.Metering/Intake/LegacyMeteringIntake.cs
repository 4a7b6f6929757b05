using System.Globalization;
using Billing.Usage.Contracts.Legacy;
using Microsoft.Extensions.Options;

namespace Billing.LegacyAdapters.Metering.Intake;

/// <summary>
/// Sends dual-written events to legacy metering in batches of at most its 1,000-event limit. A transport failure or
/// a non-success answer throws (after the resilience pipeline's retries), so the caller's outbox retries the batch.
/// </summary>
internal sealed class LegacyMeteringIntake(ILegacyMeteringIntakeApi api, IOptions<LegacyMeteringOptions> options) : ILegacyMeteringIntake
{
    private const int LegacyBatchLimit = 1000;

    public bool IsConfigured => options.Value.BaseUrl is not null;

    public async Task<IReadOnlyList<LegacyIntakeOutcome>> SendAsync(IReadOnlyList<LegacyUsageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var outcomes = new List<LegacyIntakeOutcome>(events.Count);
        foreach (var chunk in events.Chunk(LegacyBatchLimit))
        {
            using var response = await api.IngestAsync(new LegacyIntakeBatch([.. chunk.Select(Wire)]), cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                throw new HttpRequestException($"Legacy metering's intake answered {response.StatusCode}: {response.Error?.Message}", response.Error, response.StatusCode);
            }

            outcomes.AddRange(response.Content.Select(r => new LegacyIntakeOutcome(r.Id, r.Status, r.Reason)));
        }

        return outcomes;
    }

    private static LegacyIntakeEvent Wire(LegacyUsageEvent e) => new(
        e.Id,
        e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        new LegacyIntakeOwner(e.OwnerType, e.OwnerId),
        e.AppId,
        e.Metric,
        WithoutTrailingZeros(e.Value),
        e.ProcessType,
        e.Size,
        e.AddonId,
        e.PlanId,
        e.SpaceName);

    /// <summary>2.000000 (numeric(20,6)) is written as 2: legacy reads a formation value with a fraction part as a float and rejects it.</summary>
    private static decimal WithoutTrailingZeros(decimal value) => value / 1.000000000000000000000000000000000m;
}
