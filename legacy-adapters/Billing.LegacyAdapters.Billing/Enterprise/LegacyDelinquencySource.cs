using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.LegacyAdapters.Billing.Api;
using Billing.Licensing.Contracts.Legacy;
using Microsoft.Extensions.Options;

namespace Billing.LegacyAdapters.Billing.Enterprise;

/// <summary>Reads every delinquent account and team from legacy's admin export for Licensing's delinquency backfill.</summary>
internal sealed class LegacyDelinquencySource(ILegacyBillingApi api, IOptions<LegacyBillingOptions> options) : IBackfillSource<LegacyDelinquencyEntry>
{
    public async Task<BackfillPage<LegacyDelinquencyEntry>> ReadPageAsync(string? cursor, CancellationToken cancellationToken)
    {
        options.Value.EnsureConfiguredFor("delinquency");

        var page = await HerokuRangePaging.ReadPageAsync(api.ListDelinquenciesAsync, cursor ?? HerokuRangePaging.FirstRange("owner", options.Value.PageSize), cancellationToken);
        var entries = page.Items
            .Select(d => BillableOwner.TryParse(d.Owner, out var owner) ? new LegacyDelinquencyEntry(owner.Value, d.DelinquentAt.ToUniversalTime()) : null)
            .OfType<LegacyDelinquencyEntry>()
            .ToList();
        return new BackfillPage<LegacyDelinquencyEntry>(entries, page.NextRange);
    }
}
