using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.BuildingBlocks.Auth;
using Billing.LegacyAdapters.Billing.Api;
using Microsoft.Extensions.Options;

namespace Billing.LegacyAdapters.Billing.Tokens;

/// <summary>
/// Reads legacy's token hashes page by page for the token backfill. The cursor is the Range header to
/// send, so a checkpoint resumes exactly at the page legacy would have answered next.
/// </summary>
internal sealed class LegacyTokenSource(ILegacyBillingApi api, IOptions<LegacyBillingOptions> options) : IBackfillSource<LegacyTokenGrant>
{
    public async Task<BackfillPage<LegacyTokenGrant>> ReadPageAsync(string? cursor, CancellationToken cancellationToken)
    {
        options.Value.EnsureConfiguredFor("token");

        var range = cursor ?? HerokuRangePaging.FirstRange("id", options.Value.PageSize);
        var page = await HerokuRangePaging.ReadPageAsync(api.ListTokensAsync, range, cancellationToken);
        return new BackfillPage<LegacyTokenGrant>(page.Items.Select(ToGrant).ToList(), page.NextRange);
    }

    private static LegacyTokenGrant ToGrant(LegacyTokenRecord record) => new(
        record.TokenSha256.ToLowerInvariant(),
        record.Role,
        record.AccountId,
        record.TeamIds ?? [],
        record.EnterpriseAccountIds ?? []);
}
