using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Messaging;
using Billing.Usage.Contracts.Legacy;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Billing.Usage.DualWrite;

/// <summary>What a replay queued: events, in outbox messages of at most <see cref="LegacyMeteringReplay.BatchSize"/>.</summary>
internal sealed record MeteringReplayOutcome(long Events, int Batches);

/// <summary>
/// Rolling <c>usage.events.ingest</c> back to Legacy once dual-write is off (ADR 0051): the events the host accepted
/// since then never reached legacy metering, so its reports would miss them. Every event recorded since the given
/// instant is queued for legacy's intake through the dual-write's own outbox message and handler (retried; legacy
/// deduplicates by id, so events it already has, or a second replay, change nothing there), a batch per transaction.
/// </summary>
internal sealed class LegacyMeteringReplay(
    UsageDbContext db, ILegacyMeteringIntake legacy, OutboxSignal outbox, TimeProvider time, ILogger<LegacyMeteringReplay> logger)
{
    public const int BatchSize = 1000;

    /// <summary>
    /// Positions follow commit order only roughly: an event recorded a moment before another can be stored after it.
    /// The scan starts at the last event recorded this long before <c>since</c>, far more than a request can take.
    /// </summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(5);

    public async Task<MeteringReplayOutcome> ReplayAsync(DateTimeOffset? since, string? reason, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidParamsException("reason is required: say why the events go to legacy metering.");
        }

        if (since is not { } from)
        {
            throw new InvalidParamsException("since is required: the instant dual-write was turned off (every event recorded from then on is sent).");
        }

        if (!legacy.IsConfigured)
        {
            throw new ConflictException("No legacy metering service is configured (Strangler:Services:metering:BaseUrl): there is nowhere to send the events.");
        }

        var last = await db.UsageEvents.Where(e => e.RecordedAt < from - Slack).OrderByDescending(e => e.Seq).Select(e => (long?)e.Seq).FirstOrDefaultAsync(cancellationToken) ?? 0;
        var outcome = new MeteringReplayOutcome(0, 0);
        while (true)
        {
            var batch = await db.UsageEvents.AsNoTracking()
                .Where(e => e.Seq > last && e.RecordedAt >= from).OrderBy(e => e.Seq).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var now = time.GetUtcNow();
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.PublishAllAsync([new LegacyForwardRequested(Guid.CreateVersion7(now), now, [.. batch.Select(ForwardToLegacyMetering.ToLegacy)])], cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            last = batch[^1].Seq;
            outcome = new MeteringReplayOutcome(outcome.Events + batch.Count, outcome.Batches + 1);
        }

        if (outcome.Batches > 0)
        {
            outbox.Notify();
        }

        logger.LogWarning(
            "Usage events recorded since {Since} queued for legacy metering by {Actor} ({Reason}): {Events} events in {Batches} messages",
            from, actor, reason.Trim(), outcome.Events, outcome.Batches);
        return outcome;
    }
}
