using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.LegacyAdapters.Billing.Api;
using Billing.Licensing.Contracts.Legacy;
using Microsoft.Extensions.Options;

namespace Billing.LegacyAdapters.Billing.PriceBook;

/// <summary>
/// Reads legacy's price book for Licensing's backfill: dyno sizes page by page, then add-on services page by
/// page, then each service's plans (one page per service: legacy serves plans only under their service). The
/// cursor names the phase and where in it to resume (<c>dyno-sizes|&lt;Range&gt;</c>, <c>addon-services|&lt;Range&gt;</c>,
/// <c>plans|&lt;service id&gt;</c>), so a checkpoint resumes exactly there, and services come before their plans.
/// </summary>
internal sealed class LegacyPriceBookSource(ILegacyBillingApi api, IOptions<LegacyBillingOptions> options) : IBackfillSource<LegacyPriceBookEntry>
{
    private const string Sizes = "dyno-sizes";
    private const string Services = "addon-services";
    private const string Plans = "plans";

    public async Task<BackfillPage<LegacyPriceBookEntry>> ReadPageAsync(string? cursor, CancellationToken cancellationToken)
    {
        options.Value.EnsureConfiguredFor("price-book");

        var first = HerokuRangePaging.FirstRange("id", options.Value.PageSize);
        var parts = (cursor ?? $"{Sizes}|{first}").Split('|', 2);
        switch (parts[0])
        {
            case Sizes:
            {
                var page = await HerokuRangePaging.ReadPageAsync(api.ListSdkDynoSizesAsync, parts[1], cancellationToken);
                return new(page.Items.Select(ToEntry).ToList(), page.NextRange is { } next ? $"{Sizes}|{next}" : $"{Services}|{first}");
            }

            case Services:
            {
                var page = await HerokuRangePaging.ReadPageAsync(api.ListAddonServicesAsync, parts[1], cancellationToken);
                var next = page.NextRange is { } range ? $"{Services}|{range}" : await NextServiceCursorAsync(after: null, cancellationToken);
                return new(page.Items.Select(ToEntry).ToList(), next);
            }

            case Plans:
            {
                var serviceId = Guid.Parse(parts[1]);
                var plans = new List<LegacyPriceBookEntry>();
                await foreach (var plan in HerokuRangePaging.ReadAllAsync((r, ct) => api.ListServicePlansAsync(serviceId, r, ct), first, cancellationToken))
                {
                    plans.Add(ToEntry(plan));
                }

                return new(plans, await NextServiceCursorAsync(serviceId, cancellationToken));
            }

            default:
                throw new InvalidOperationException($"Unknown price-book cursor '{cursor}'.");
        }
    }

    /// <summary>The plans cursor of the service after <paramref name="after"/> in id order; null when none is left.</summary>
    private async Task<string?> NextServiceCursorAsync(Guid? after, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        await foreach (var service in HerokuRangePaging.ReadAllAsync(api.ListAddonServicesAsync, HerokuRangePaging.FirstRange("id", options.Value.PageSize), cancellationToken))
        {
            ids.Add(service.Id);
        }

        var next = ids.Order().Cast<Guid?>().FirstOrDefault(id => after is null || id!.Value.CompareTo(after.Value) > 0);
        return next is { } id ? $"{Plans}|{id}" : null;
    }

    private static LegacyPriceBookEntry ToEntry(LegacySdkDynoSize s) => new(
        new LegacyDynoSizeEntry(s.Id, s.Name, s.Cost?.Cents, s.PreciseDynoUnits, s.Memory, s.Compute, s.Dedicated, s.PrivateSpaceOnly, s.CanAutoscale,
            s.Architecture, s.Generation.Name, s.Generation.Id, s.InfrastructureTier, s.ProductDynoTier),
        null,
        null);

    private static LegacyPriceBookEntry ToEntry(LegacyAddonService s) => new(
        null,
        new LegacyAddonServiceEntry(s.Id, s.Name, s.HumanName, s.CliPluginName, s.State, s.SupportsMultipleInstallations, s.SupportsSharing,
            (s.SupportedGenerations ?? []).Select(g => new LegacyGeneration(g.Name, g.Id)).ToList(), s.CreatedAt.ToUniversalTime(), s.UpdatedAt.ToUniversalTime()),
        null);

    private static LegacyPriceBookEntry ToEntry(LegacyPlan p) => new(
        null,
        null,
        new LegacyPlanEntry(p.Id, p.AddonService.Id, p.Name, p.HumanName, p.Description, p.Compliance, p.Default, p.InstallableInsidePrivateNetwork,
            p.InstallableOutsidePrivateNetwork, p.SpaceDefault, p.State, p.Visible, p.Price.Cents, p.Price.Unit, p.Price.Contract, p.Price.Metered,
            p.CreatedAt.ToUniversalTime(), p.UpdatedAt.ToUniversalTime()));
}
