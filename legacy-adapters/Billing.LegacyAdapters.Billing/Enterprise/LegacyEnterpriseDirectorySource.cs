using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.LegacyAdapters.Billing.Api;
using Billing.Licensing.Contracts.Legacy;
using Microsoft.Extensions.Options;

namespace Billing.LegacyAdapters.Billing.Enterprise;

/// <summary>
/// Reads legacy's enterprise accounts page by page, each with all its teams, for Licensing's enterprise directory
/// backfill. The cursor is the Range of the next enterprise-account page.
/// </summary>
internal sealed class LegacyEnterpriseDirectorySource(ILegacyBillingApi api, IOptions<LegacyBillingOptions> options) : IBackfillSource<LegacyEnterpriseAccountEntry>
{
    public async Task<BackfillPage<LegacyEnterpriseAccountEntry>> ReadPageAsync(string? cursor, CancellationToken cancellationToken)
    {
        options.Value.EnsureConfiguredFor("enterprise-account");

        var first = HerokuRangePaging.FirstRange("id", options.Value.PageSize);
        var page = await HerokuRangePaging.ReadPageAsync(api.ListEnterpriseAccountsAsync, cursor ?? first, cancellationToken);
        var entries = new List<LegacyEnterpriseAccountEntry>();
        foreach (var account in page.Items)
        {
            var teams = new List<LegacyEnterpriseTeamEntry>();
            await foreach (var team in HerokuRangePaging.ReadAllAsync((r, ct) => api.ListEnterpriseTeamsAsync(account.Id, r, ct), first, cancellationToken))
            {
                teams.Add(new LegacyEnterpriseTeamEntry(team.Id, team.Name));
            }

            entries.Add(new LegacyEnterpriseAccountEntry(account.Id, account.Name, teams));
        }

        return new BackfillPage<LegacyEnterpriseAccountEntry>(entries, page.NextRange);
    }
}
