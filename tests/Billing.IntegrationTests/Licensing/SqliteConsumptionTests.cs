using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Infrastructure;
using Billing.IntegrationTests.Usage;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Licensing.EnterpriseFixtures;

namespace Billing.IntegrationTests.Licensing;

/// <summary>The embedded default measures licence consumption, marks a busy team behind its usage and catches up when positions are read, as PostgreSQL does (ADR 0054, 0055).</summary>
public sealed class SqliteConsumptionTests : SqliteHost
{
    [Fact]
    public async Task A_team_measured_moments_ago_is_marked_behind_and_measured_when_its_positions_are_read()
    {
        await EntitlementTests.SeedCatalogueAsync(Factory);
        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        var admin = ApiClients.Create(Factory, BillingApiFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await enterprise.SignAsync(admin, ThisMonth.Start, ThisMonth.End.AddYears(1), Licence(LicenceProducts.DynoUnits, 100m))).StatusCode);
        var ops = BillableOwner.Team(enterprise.OpsTeam);
        var app = Guid.NewGuid();
        var scaledUp = ThisMonth.Start.AddSeconds((long)((DateTimeOffset.UtcNow - ThisMonth.Start).TotalSeconds / 2));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostEventsAsync(UsageEvents.Formation("f-1", ThisMonth.Start, app, enterprise.OpsTeam, 2))).StatusCode);
        Assert.True(await ConsumptionTests.MeasureAsync(Factory, new UsageRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow, ops, ThisMonth.Start, 1)));
        var measured = await StoredAsync(enterprise.OpsTeam);
        Assert.Null(measured.UsageChangedAt);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostEventsAsync(UsageEvents.Formation("f-2", scaledUp, app, enterprise.OpsTeam, 200))).StatusCode);
        Assert.True(await ConsumptionTests.MeasureAsync(Factory, new UsageRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow, ops, ThisMonth.Start, 1)));
        var marked = await StoredAsync(enterprise.OpsTeam);
        Assert.Equal(measured.Consumed, marked.Consumed);
        Assert.NotNull(marked.UsageChangedAt);

        await using var scope = Factory.Services.CreateAsyncScope();
        var before = DateTimeOffset.UtcNow;
        var position = Assert.Single((await scope.ServiceProvider.GetRequiredService<ILicensePositions>().ForMonth(ops, ThisMonth, CancellationToken.None)).Positions);
        var after = DateTimeOffset.UtcNow;
        decimal Units(DateTimeOffset at) => (2 * (decimal)(scaledUp - ThisMonth.Start).TotalSeconds + 200 * (decimal)(at - scaledUp).TotalSeconds) / ThisMonth.Seconds;
        // Usage counts whole seconds up to the clock.
        Assert.InRange((await StoredAsync(enterprise.OpsTeam)).Consumed, Units(before.AddSeconds(-1)), Units(after));
        Assert.Equal(Math.Round((await StoredAsync(enterprise.OpsTeam)).Consumed, 2, MidpointRounding.ToEven), position.PoolConsumed);
    }

    private async Task<(decimal Consumed, DateTimeOffset? UsageChangedAt)> StoredAsync(Guid team)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<LicensingDbContext>().LicenceConsumption.AsNoTracking()
            .SingleAsync(c => c.TeamId == team && c.Product == LicenceProducts.DynoUnits);
        return (row.Consumed, row.UsageChangedAt);
    }
}
