using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Messaging;
using Billing.Usage.Contracts;
using Billing.Usage.Contracts.Legacy;
using Billing.Usage.DualWrite;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Billing.Usage.Rollups;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Billing.Usage.Intake;

/// <summary>Stores a batch's valid events once each and announces what changed, in one transaction.</summary>
internal sealed record IngestUsageEvents(IReadOnlyList<ParsedEvent> Events) : ICommand<IReadOnlyList<IntakeResult>>;

internal sealed class IngestUsageEventsHandler(
    UsageDbContext db, UsageEventWriter writer, IOptionsMonitor<UsageIntakeOptions> options, TimeProvider time)
    : ICommandHandler<IngestUsageEvents, IReadOnlyList<IntakeResult>>
{
    public async ValueTask<IReadOnlyList<IntakeResult>> Handle(IngestUsageEvents command, CancellationToken cancellationToken)
    {
        var results = new IntakeResult[command.Events.Count];
        var candidates = new List<UsageEvent>(command.Events.Count);
        var positions = new List<int>(command.Events.Count);
        var seenInBatch = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < command.Events.Count; i++)
        {
            var parsed = command.Events[i];
            if (parsed.Event is null)
            {
                results[i] = IntakeResult.Reject(parsed.Id, parsed.Reason!);
            }
            else if (!seenInBatch.Add(parsed.Event.EventId))
            {
                results[i] = new IntakeResult(parsed.Id, IntakeResult.Duplicate);
            }
            else
            {
                candidates.Add(parsed.Event);
                positions.Add(i);
            }
        }

        var accepted = await writer.StoreNewAsync(candidates, cancellationToken);
        var stored = accepted.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        for (var c = 0; c < candidates.Count; c++)
        {
            results[positions[c]] = new IntakeResult(candidates[c].EventId, stored.Contains(candidates[c].EventId) ? IntakeResult.Accepted : IntakeResult.Duplicate);
        }

        await ResendsOfStoredEventsAreDuplicates(results, cancellationToken);
        await db.PublishAllAsync([.. Announcements(accepted), .. LegacyForwards(accepted)], cancellationToken);
        await db.PublishAllAsync([.. await Corrections(accepted, cancellationToken)], cancellationToken);
        return results;
    }

    /// <summary>
    /// An id we already stored is a duplicate even when its resend fails a check that the original passed (e.g. it
    /// now falls outside the back-dating window): the producer learns it is safe to drop it, as with legacy.
    /// </summary>
    private async Task ResendsOfStoredEventsAreDuplicates(IntakeResult[] results, CancellationToken cancellationToken)
    {
        var rejectedIds = results.Where(r => r.Status == IntakeResult.Rejected && !string.IsNullOrEmpty(r.Id)).Select(r => r.Id!).Distinct().ToList();
        if (rejectedIds.Count == 0)
        {
            return;
        }

        var known = (await db.UsageEvents.Where(e => rejectedIds.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Status == IntakeResult.Rejected && results[i].Id is { } id && known.Contains(id))
            {
                results[i] = new IntakeResult(id, IntakeResult.Duplicate);
            }
        }
    }

    /// <summary>One <see cref="UsageBatchRecorded"/> per batch, listing each owner and month it added to.</summary>
    private IEnumerable<UsageBatchRecorded> Announcements(IReadOnlyList<UsageEvent> accepted)
    {
        if (accepted.Count > 0)
        {
            var now = time.GetUtcNow();
            yield return new UsageBatchRecorded(Guid.CreateVersion7(now), now, [.. accepted
                .GroupBy(e => (e.Owner, Month: BillingPeriod.MonthOf(e.OccurredAt).Start))
                .Select(group => new UsageChange(group.Key.Owner, group.Key.Month, group.Count()))]);
        }
    }

    /// <summary>In dual-write mode, the batch's accepted events for legacy metering: one outbox message per batch.</summary>
    private IEnumerable<LegacyForwardRequested> LegacyForwards(IReadOnlyList<UsageEvent> accepted)
    {
        if (options.CurrentValue.DualWriteToLegacy && accepted.Count > 0)
        {
            var now = time.GetUtcNow();
            yield return new LegacyForwardRequested(Guid.CreateVersion7(now), now, [.. accepted.Select(ForwardToLegacyMetering.ToLegacy)]);
        }
    }

    /// <summary>An accepted event inside an invoiced period is published for Invoicing to settle on the next invoice.</summary>
    private async Task<List<UsageCorrectionRecorded>> Corrections(IReadOnlyList<UsageEvent> accepted, CancellationToken cancellationToken)
    {
        var corrections = new List<UsageCorrectionRecorded>();
        if (accepted.Count == 0)
        {
            return corrections;
        }

        // The intake lock, held shared since the writer stored the events (UsageLocks): the InvoiceFinalized handling
        // either sees these events or is seen here.
        var ownerIds = accepted.Select(e => e.OwnerId).Distinct().ToList();
        var closed = await db.ClosedPeriods.AsNoTracking().Where(c => ownerIds.Contains(c.OwnerId)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var e in accepted)
        {
            if (closed.FirstOrDefault(c => c.Owner == e.Owner && c.Contains(e.OccurredAt)) is { } period)
            {
                corrections.Add(UsageCorrections.For(e, period, now));
            }
        }

        return corrections;
    }
}

internal static class UsageCorrections
{
    public static UsageCorrectionRecorded For(UsageEvent e, ClosedPeriod period, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, e.Owner, period.Start, period.End, e.EventId, e.AppId, e.Metric);
}
