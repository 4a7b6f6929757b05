using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.Usage.Contracts.Legacy;
using Microsoft.Extensions.Options;

namespace Billing.LegacyAdapters.Metering;

/// <summary>
/// Reads legacy metering for Usage's backfill in two pages: the directory first (apps must be known before their
/// usage is attributed to an owner), then the usage history. The cursor names the next page.
/// </summary>
internal sealed class LegacyMeteringSource(IHttpClientFactory clients, IOptions<LegacyMeteringOptions> options) : IBackfillSource<LegacyMeteringRecord>
{
    private const string UsageHistory = "usage-history";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<BackfillPage<LegacyMeteringRecord>> ReadPageAsync(string? cursor, CancellationToken cancellationToken)
    {
        if (options.Value.BaseUrl is null)
        {
            throw new InvalidOperationException($"{LegacyMeteringOptions.Section}:BaseUrl is not configured; the metering backfill has nowhere to read from.");
        }

        var http = clients.CreateClient(LegacyMeteringRegistration.HttpClientName);
        if (cursor is null)
        {
            var directory = await http.GetFromJsonAsync<DirectoryExport>(new Uri("internal/directory", UriKind.Relative), Json, cancellationToken)
                ?? throw new InvalidOperationException("Legacy metering answered an empty directory.");
            return new BackfillPage<LegacyMeteringRecord>(
            [
                .. directory.Accounts.Select(a => new LegacyMeteringRecord(Account: a)),
                .. directory.EnterpriseAccounts.Select(e => new LegacyMeteringRecord(EnterpriseAccount: e)),
                .. directory.Teams.Select(t => new LegacyMeteringRecord(Team: t)),
                .. directory.Apps.Select(a => new LegacyMeteringRecord(App: a)),
            ], UsageHistory);
        }

        var history = await http.GetFromJsonAsync<UsageExport>(new Uri("internal/usage-history", UriKind.Relative), Json, cancellationToken)
            ?? throw new InvalidOperationException("Legacy metering answered an empty usage history.");
        return new BackfillPage<LegacyMeteringRecord>(
        [
            .. history.FormationIntervals.Select(f => new LegacyMeteringRecord(Formation: f)),
            .. history.AddonIntervals.Select(a => new LegacyMeteringRecord(Addon: a)),
            .. history.SpaceIntervals.Select(s => new LegacyMeteringRecord(Space: s)),
            .. history.ConnectRows.Select(c => new LegacyMeteringRecord(Connect: c)),
        ], null);
    }

    private sealed record DirectoryExport(List<LegacyAccount> Accounts, List<LegacyTeam> Teams, List<LegacyEnterpriseAccount> EnterpriseAccounts, List<LegacyApp> Apps);

    private sealed record UsageExport(List<LegacyFormationInterval> FormationIntervals, List<LegacyAddonInterval> AddonIntervals, List<LegacySpaceInterval> SpaceIntervals, List<LegacyConnectRows> ConnectRows);
}
