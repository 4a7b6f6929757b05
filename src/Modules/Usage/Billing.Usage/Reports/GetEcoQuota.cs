using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Reports;

/// <summary>
/// <c>/accounts/{account_id|email|~}/actions/get-quota</c>: the Eco pool. Seconds are dyno-seconds (quantity ×
/// seconds) of the account's <c>eco</c> apps from 00:00 UTC on the 1st of this month until now, against
/// 1,000 hours; once used up the apps idle until the 1st of next month. An account without Eco apps has no quota (404).
/// </summary>
internal sealed record GetEcoQuota(string AccountRef) : IQuery<byte[]>;

internal sealed class GetEcoQuotaHandler(UsageDbContext db, Caller caller, TimeProvider time) : IQueryHandler<GetEcoQuota, byte[]>
{
    public const long AccountQuotaSeconds = 1_000 * 3_600;

    public async ValueTask<byte[]> Handle(GetEcoQuota query, CancellationToken cancellationToken)
    {
        var account = await FindAccountAsync(query.AccountRef, cancellationToken);
        if (account is null || !caller.CanSeeAccount(account.Id))
        {
            throw new NotFoundException("Couldn't find that account.");
        }

        var ecoApps = (await db.DirectoryApps.AsNoTracking().Where(a => a.OwnerAccountId == account.Id && a.ProcessTier == DirectoryApp.EcoTier).ToListAsync(cancellationToken))
            .OrderBy(a => a.Id.ToString(), StringComparer.Ordinal).ToList();
        if (ecoApps.Count == 0)
        {
            throw new NotFoundException("This account has no Eco dyno quota (no Eco apps).");
        }

        var now = time.GetUtcNow();
        var month = BillingPeriod.MonthOf(now);
        var ids = ecoApps.Select(a => a.Id).ToList();
        var formations = await db.UsageEvents.AsNoTracking()
            .Where(e => ids.Contains(e.AppId) && e.Metric == UsageMetrics.FormationQuantity && e.OccurredAt < now)
            .ToListAsync(cancellationToken);
        var used = ecoApps.ToDictionary(a => a.Id, a => (long)GaugeTimeline.Held(formations.Where(e => e.AppId == a.Id), month.Start, month.End, now).Sum(h => h.ValueSeconds));
        var total = used.Values.Sum();
        return UsageReportJson.Write(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("account_quota", AccountQuotaSeconds);
            json.WriteNumber("quota_used", total);
            if (total >= AccountQuotaSeconds)
            {
                json.WriteString("force_idle_until", month.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull("force_idle_until");
            }

            json.WriteString("account_uuid", account.Id);
            json.WriteStartArray("apps");
            foreach (var app in ecoApps)
            {
                json.WriteStartObject();
                json.WriteString("app_uuid", app.Id);
                json.WriteNumber("quota_used", used[app.Id]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task<DirectoryAccount?> FindAccountAsync(string reference, CancellationToken cancellationToken)
    {
        if (reference == "~")
        {
            return caller.AccountId is { } own ? await db.DirectoryAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == own, cancellationToken) : null;
        }

        if (Guid.TryParse(reference, out var id))
        {
            return await db.DirectoryAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        }

        var email = reference.ToLowerInvariant();
        return await db.DirectoryAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Email == email, cancellationToken);
    }
}
