using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Billing.Usage.Reading;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Reports;

/// <summary>
/// 3.sdk <c>usage</c>: the metered add-ons of an app (or of every app of a team) in the current calendar month up to
/// now: each add-on provisioned at some point of it, sorted by id, with its meters' month-to-date quantities.
/// </summary>
internal sealed record GetAddonUsage(string? TeamRef, string? AppRef) : IQuery<byte[]>;

internal sealed class GetAddonUsageHandler(UsageDbContext db, Caller caller, TimeProvider time) : IQueryHandler<GetAddonUsage, byte[]>
{
    public async ValueTask<byte[]> Handle(GetAddonUsage query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (query.AppRef is null)
        {
            var team = await FindTeamAsync(query.TeamRef!, cancellationToken) ?? throw new NotFoundException("Couldn't find that team.");
            var apps = (await db.DirectoryApps.AsNoTracking().Where(a => a.TeamId == team.Id).ToListAsync(cancellationToken))
                .OrderBy(a => a.Id.ToString(), StringComparer.Ordinal).ToList();
            var usage = await AddonsAsync(apps.Select(a => a.Id).ToList(), now, cancellationToken);
            return UsageReportJson.Write(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("apps");
                foreach (var app in apps)
                {
                    json.WriteStartObject();
                    json.WriteString("id", app.Id);
                    WriteAddons(json, usage.GetValueOrDefault(app.Id) ?? []);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
        }

        var found = await FindAppAsync(query, cancellationToken) ?? throw new NotFoundException("Couldn't find that app.");
        var addons = await AddonsAsync([found.Id], now, cancellationToken);
        return UsageReportJson.Write(json =>
        {
            json.WriteStartObject();
            WriteAddons(json, addons.GetValueOrDefault(found.Id) ?? []);
            json.WriteEndObject();
        });
    }

    private static void WriteAddons(System.Text.Json.Utf8JsonWriter json, IReadOnlyList<(string AddonId, IReadOnlyList<(string Meter, decimal Quantity)> Meters)> addons)
    {
        json.WriteStartArray("addons");
        foreach (var (addonId, meters) in addons)
        {
            json.WriteStartObject();
            json.WriteString("id", addonId);
            json.WriteStartObject("meters");
            foreach (var (meter, quantity) in meters)
            {
                json.WriteStartObject(meter);
                UsageReportJson.WriteQuantity(json, "quantity", UsageNumerators.Micro(quantity), 1);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Per app: add-ons provisioned in the month so far (by id) and their meter totals for the month.</summary>
    private async Task<Dictionary<Guid, IReadOnlyList<(string, IReadOnlyList<(string, decimal)>)>>> AddonsAsync(List<Guid> appIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var month = BillingPeriod.MonthOf(now);
        var events = await db.UsageEvents.AsNoTracking()
            .Where(e => appIds.Contains(e.AppId) && (e.Metric == UsageMetrics.AddonPlan ? e.OccurredAt < month.End : e.OccurredAt >= month.Start && e.OccurredAt < month.End && e.Subject != string.Empty))
            .ToListAsync(cancellationToken);
        var result = new Dictionary<Guid, IReadOnlyList<(string, IReadOnlyList<(string, decimal)>)>>();
        foreach (var app in events.GroupBy(e => e.AppId))
        {
            var plans = app.Where(e => e.Metric == UsageMetrics.AddonPlan).ToList();
            var provisioned = GaugeTimeline.Held(plans, month.Start, month.End, now.AddSeconds(1)).Select(h => h.Source.Subject).ToHashSet(StringComparer.Ordinal);
            var meters = app.Where(e => e.Metric != UsageMetrics.AddonPlan && e.Metric != UsageMetrics.ConnectRows && !MetricCatalog.IsGauge(e.Metric) && e.OccurredAt <= now)
                .GroupBy(e => e.Subject)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<(string, decimal)>)g.GroupBy(e => e.Metric).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (m.Key, m.Sum(e => e.Value))).ToList());
            result[app.Key] = provisioned.Order(StringComparer.Ordinal)
                .Select(addon => (addon, meters.GetValueOrDefault(addon) ?? (IReadOnlyList<(string, decimal)>)[]))
                .ToList();
        }

        return result;
    }

    private async Task<DirectoryTeam?> FindTeamAsync(string reference, CancellationToken cancellationToken)
    {
        var team = Guid.TryParse(reference, out var id)
            ? await db.DirectoryTeams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
            : null;
        team ??= await db.DirectoryTeams.AsNoTracking().FirstOrDefaultAsync(t => t.Name == reference, cancellationToken);
        return team is not null && caller.CanSeeTeam(team.Id) ? team : null;
    }

    private async Task<DirectoryApp?> FindAppAsync(GetAddonUsage query, CancellationToken cancellationToken)
    {
        var app = Guid.TryParse(query.AppRef, out var id) ? await db.DirectoryApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) : null;
        app ??= await db.DirectoryApps.AsNoTracking().FirstOrDefaultAsync(a => a.Name == query.AppRef, cancellationToken);
        if (app is null)
        {
            return null;
        }

        if (query.TeamRef is not null)
        {
            // Under a team, the app must be that team's; the team's visibility decides.
            return await FindTeamAsync(query.TeamRef, cancellationToken) is { } team && app.TeamId == team.Id ? app : null;
        }

        var visible = app.TeamId is { } teamId ? caller.CanSeeTeam(teamId) : caller.CanSeeAccount(app.OwnerAccountId);
        return visible ? app : null;
    }
}
