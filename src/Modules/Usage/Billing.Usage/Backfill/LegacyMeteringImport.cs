using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Backfill;
using Billing.Usage.Contracts;
using Billing.Usage.Contracts.Legacy;
using Billing.Usage.Domain;
using Billing.Usage.Intake;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Backfill;

/// <summary>
/// Imports legacy metering: the directory (accounts, teams, enterprise accounts, apps) and the usage history,
/// turned into the events a producer would have sent. An interval becomes a gauge reading at its start and a
/// zero at its end (left out when the same series resumes at that instant); Connect rows become one reading at
/// the start of their month. Ids are derived from legacy's data, so re-running stores nothing twice.
/// </summary>
internal sealed class LegacyMeteringImport(UsageEventWriter writer, TimeProvider time) : IBackfillTarget<UsageDbContext, LegacyMeteringRecord>
{
    public const string BackfillName = "usage.legacy-metering";

    public async Task<int> UpsertAsync(UsageDbContext db, IReadOnlyList<LegacyMeteringRecord> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var written = await UpsertDirectoryAsync(db, items, cancellationToken);
        var apps = await db.DirectoryApps.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
        var now = time.GetUtcNow();
        var events = new List<UsageEvent>();
        events.AddRange(Gauges(items.Select(i => i.Formation).OfType<LegacyFormationInterval>(), f => (f.AppId, f.ProcessType), f => (f.StartedAt, f.EndedAt),
            f => OwnerOf(apps, f.AppId) is { } owner ? new Reading(owner, f.AppId, UsageMetrics.FormationQuantity, f.ProcessType, f.Size.ToLowerInvariant(), f.Quantity) : null, now));
        events.AddRange(Gauges(items.Select(i => i.Addon).OfType<LegacyAddonInterval>(), a => (a.AppId, a.AddonId.ToString()), a => (a.StartedAt, a.EndedAt),
            a => OwnerOf(apps, a.AppId) is { } owner ? new Reading(owner, a.AppId, UsageMetrics.AddonPlan, a.AddonId.ToString(), a.PlanId.ToString(), 1) : null, now));
        events.AddRange(Gauges(items.Select(i => i.Space).OfType<LegacySpaceInterval>(), s => (s.TeamId, s.SpaceName), s => (s.StartedAt, s.EndedAt),
            s => new Reading(BillableOwner.Team(s.TeamId), Guid.Empty, UsageMetrics.SpaceCredits, s.SpaceName, string.Empty, s.CreditsPerMonth), now));
        foreach (var connect in items.Select(i => i.Connect).OfType<LegacyConnectRows>())
        {
            var month = DateTimeOffset.ParseExact(connect.Month + "-01T00:00:00Z", "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
            events.Add(new UsageEvent($"legacy:connect:{connect.TeamId:N}:{connect.Month}:{connect.Rows}", BillableOwner.Team(connect.TeamId), Guid.Empty,
                UsageMetrics.ConnectRows, string.Empty, string.Empty, connect.Rows, month, now));
        }

        foreach (var addon in items.Select(i => i.Addon).OfType<LegacyAddonInterval>().DistinctBy(a => a.AddonId))
        {
            var kind = await db.AddonKinds.SingleOrDefaultAsync(k => k.AddonId == addon.AddonId, cancellationToken);
            if (kind is null)
            {
                db.AddonKinds.Add(new AddonKind(addon.AddonId, addon.Kind));
            }
            else
            {
                kind.Kind = addon.Kind;
            }
        }

        // Occurrence order, and at one instant an end before a start, so arrival order agrees with the intervals.
        var ordered = events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Value == 0 ? 0 : 1).ToList();
        return written + (await writer.StoreNewAsync(ordered, cancellationToken)).Count;
    }

    private static BillableOwner? OwnerOf(Dictionary<Guid, DirectoryApp> apps, Guid appId) =>
        apps.TryGetValue(appId, out var app) ? app.TeamId is { } team ? BillableOwner.Team(team) : BillableOwner.Account(app.OwnerAccountId) : null;

    private static IEnumerable<UsageEvent> Gauges<T, TKey>(IEnumerable<T> intervals, Func<T, TKey> series, Func<T, (DateTimeOffset Start, DateTimeOffset? End)> span, Func<T, Reading?> reading, DateTimeOffset now)
    {
        foreach (var group in intervals.GroupBy(series))
        {
            var starts = group.Select(i => span(i).Start.ToUniversalTime()).ToHashSet();
            foreach (var interval in group)
            {
                if (reading(interval) is not { } r)
                {
                    continue;
                }

                var (start, end) = span(interval);
                // Ids fit the 128 characters producers get: the metric's initial and the series (the team's id for spaces).
                var key = $"legacy:{r.Metric[0]}:{(r.AppId == Guid.Empty ? r.Owner.Id : r.AppId):N}:{r.Subject}";
                yield return new UsageEvent($"{key}:{start.ToUnixTimeSeconds()}", r.Owner, r.AppId, r.Metric, r.Subject, r.Variant, r.Value, start.ToUniversalTime(), now);
                if (end is { } stop && !starts.Contains(stop.ToUniversalTime()))
                {
                    yield return new UsageEvent($"{key}:{stop.ToUnixTimeSeconds()}:end", r.Owner, r.AppId, r.Metric, r.Subject, r.Variant, 0, stop.ToUniversalTime(), now);
                }
            }
        }
    }

    private static async Task<int> UpsertDirectoryAsync(UsageDbContext db, IReadOnlyList<LegacyMeteringRecord> items, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var item in items)
        {
            switch (item)
            {
                case { Account: { } a }:
                    written += Upsert(db.DirectoryAccounts, await db.DirectoryAccounts.FindAsync([a.Id], cancellationToken), () => new DirectoryAccount(a.Id, a.Email.ToLowerInvariant()), x => x.Email = a.Email.ToLowerInvariant());
                    break;
                case { Team: { } t }:
                    written += Upsert(db.DirectoryTeams, await db.DirectoryTeams.FindAsync([t.Id], cancellationToken), () => new DirectoryTeam(t.Id, t.Name, t.EnterpriseAccountId), x => (x.Name, x.EnterpriseAccountId) = (t.Name, t.EnterpriseAccountId));
                    break;
                case { EnterpriseAccount: { } e }:
                    written += Upsert(db.DirectoryEnterpriseAccounts, await db.DirectoryEnterpriseAccounts.FindAsync([e.Id], cancellationToken), () => new DirectoryEnterpriseAccount(e.Id, e.Name), x => x.Name = e.Name);
                    break;
                case { App: { } p }:
                    written += Upsert(db.DirectoryApps, await db.DirectoryApps.FindAsync([p.Id], cancellationToken), () => new DirectoryApp(p.Id, p.Name, p.OwnerAccountId, p.TeamId, p.ProcessTier),
                        x => (x.Name, x.OwnerAccountId, x.TeamId, x.ProcessTier) = (p.Name, p.OwnerAccountId, p.TeamId, p.ProcessTier));
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return written;
    }

    private static int Upsert<T>(DbSet<T> set, T? existing, Func<T> create, Action<T> update)
        where T : class
    {
        if (existing is null)
        {
            set.Add(create());
            return 1;
        }

        update(existing);
        return 0;
    }

    private sealed record Reading(BillableOwner Owner, Guid AppId, string Metric, string Subject, string Variant, decimal Value);
}
