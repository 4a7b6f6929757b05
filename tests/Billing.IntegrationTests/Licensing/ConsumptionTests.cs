using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Jobs;
using Billing.BuildingBlocks.Messaging;
using Billing.IntegrationTests.Infrastructure;
using Billing.IntegrationTests.Usage;
using Billing.Licensing.Consumption;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Licensing.EnterpriseFixtures;

namespace Billing.IntegrationTests.Licensing;

/// <summary>Licence consumption measured from Usage's rollups on UsageRecorded, and threshold events announced exactly once.</summary>
public sealed class ConsumptionTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task Concurrent_usage_updates_announce_each_threshold_exactly_once()
    {
        var enterprise = await EnterpriseWithRunningDynosAsync(licensedDynoUnits: 1);
        var owner = BillableOwner.Team(enterprise.OpsTeam);

        // Eight deliveries of UsageRecorded for the same team and month at once (several batches, several instances).
        var deliveries = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => DeliverAsync(new UsageRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow, owner, ThisMonth.Start, 1))))
            .ToList();
        await Task.WhenAll(deliveries);
        await DeliverAsync(new UsageRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow, owner, ThisMonth.Start, 1));

        Assert.All(deliveries, d => Assert.True(d.Result));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.licence_threshold_crossed.v1' AND payload LIKE '%\"thresholdPercent\":80%'"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.licence_threshold_crossed.v1' AND payload LIKE '%\"thresholdPercent\":100%'"));
        Assert.Equal(2, await Fixture.CountAsync("licensing.licence_threshold_crossings"));
    }

    [Fact]
    public async Task Consumption_is_measured_from_usage_and_shows_in_the_positions_but_crosses_nothing_below_the_thresholds()
    {
        var enterprise = await EnterpriseWithRunningDynosAsync(licensedDynoUnits: 100_000);
        var owner = BillableOwner.Team(enterprise.OpsTeam);

        Assert.True(await DeliverAsync(new UsageRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow, owner, ThisMonth.Start, 1)));
        var measuredAt = DateTimeOffset.UtcNow;

        using var scope = Factory.Services.CreateScope();
        var positions = await scope.ServiceProvider.GetRequiredService<ILicensePositions>().ForMonth(owner, ThisMonth, CancellationToken.None);
        var dynoUnits = Assert.Single(positions.Positions);
        // quantity × elapsed share of the month, measured a moment ago (standard-1x is 1 dyno unit).
        var expected = enterprise.Quantity * (decimal)(measuredAt - enterprise.RunningSince).TotalSeconds / ThisMonth.Seconds;
        Assert.InRange(dynoUnits.PoolConsumed, expected * 0.99m, expected * 1.01m);
        Assert.Equal(dynoUnits.PoolConsumed, dynoUnits.OwnerConsumed);
        Assert.Equal(0, dynoUnits.Overage);
        Assert.Equal(0, await Fixture.CountAsync("licensing.licence_threshold_crossings"));
    }

    [Fact]
    public async Task Usage_of_a_team_outside_any_enterprise_account_measures_nothing()
    {
        Assert.True(await DeliverAsync(new UsageRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow, BillableOwner.Team(Guid.NewGuid()), ThisMonth.Start, 3)));

        Assert.Equal(0, await Fixture.CountAsync("licensing.licence_consumption"));
    }

    [Fact]
    public async Task A_batch_announcement_measures_the_enterprise_teams_among_its_owners_and_is_handled_once()
    {
        var enterprise = await EnterpriseWithRunningDynosAsync(licensedDynoUnits: 1);
        var batch = new UsageBatchRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow,
        [
            new UsageChange(BillableOwner.Team(Guid.NewGuid()), ThisMonth.Start, 5),
            new UsageChange(BillableOwner.Team(enterprise.OpsTeam), ThisMonth.Start, 1),
            new UsageChange(BillableOwner.Account(enterprise.OpsTeam), ThisMonth.Start, 2),
        ]);

        var deliveries = Enumerable.Range(0, 4).Select(_ => Task.Run(() => DeliverBatchAsync(batch))).ToList();
        await Task.WhenAll(deliveries);

        Assert.Equal(1, deliveries.Count(d => d.Result));
        // Only the enterprise team is measured (a row per licence product); the other owners are no team of an enterprise account.
        Assert.NotEqual(0, await Fixture.CountAsync("licensing.licence_consumption", $"team_id = '{enterprise.OpsTeam}'"));
        Assert.Equal(0, await Fixture.CountAsync("licensing.licence_consumption", $"team_id <> '{enterprise.OpsTeam}'"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.licence_threshold_crossed.v1' AND payload LIKE '%\"thresholdPercent\":80%'"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.licence_threshold_crossed.v1' AND payload LIKE '%\"thresholdPercent\":100%'"));
    }

    /// <summary>
    /// One delivery measures the enterprise teams of several accounts together (their usage read in one call per covered
    /// stretch): each team's consumption is its own, and each account's thresholds are judged against its own licence.
    /// </summary>
    [Fact]
    public async Task A_batch_touching_teams_of_two_enterprise_accounts_measures_each_against_its_own_licence()
    {
        var small = await EnterpriseWithRunningDynosAsync(licensedDynoUnits: 1);
        var large = await EnterpriseWithRunningDynosAsync(licensedDynoUnits: 100, seedCatalogue: false);
        Assert.True(await DeliverBatchAsync(new UsageBatchRecorded(Guid.NewGuid(), DateTimeOffset.UtcNow,
        [
            new UsageChange(BillableOwner.Team(large.OpsTeam), ThisMonth.Start, 1),
            new UsageChange(BillableOwner.Team(small.OpsTeam), ThisMonth.Start, 1),
        ])));

        await using var scope = Factory.Services.CreateAsyncScope();
        var positions = scope.ServiceProvider.GetRequiredService<ILicensePositions>();
        var smallPosition = Assert.Single((await positions.ForMonth(BillableOwner.Team(small.OpsTeam), ThisMonth, CancellationToken.None)).Positions);
        var largePosition = Assert.Single((await positions.ForMonth(BillableOwner.Team(large.OpsTeam), ThisMonth, CancellationToken.None)).Positions);
        // Both teams ran the same dynos for the same time; quantities were sized from the clock, so compare each to its own.
        Assert.True(smallPosition.OwnerConsumed >= 1m, $"consumed {smallPosition.OwnerConsumed}");
        Assert.Equal(large.Quantity * smallPosition.OwnerConsumed / small.Quantity, largePosition.OwnerConsumed, 3);
        Assert.Equal(2, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.licence_threshold_crossed.v1'"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.licence_threshold_crossed.v1' AND payload LIKE '%\"thresholdPercent\":100%'"));
    }

    /// <summary>
    /// Dynos left running cross the licence's thresholds without a new usage event: the hourly refresh measures the
    /// running month again and announces each crossing once (ADR 0054).
    /// </summary>
    [Fact]
    public async Task The_hourly_refresh_announces_thresholds_that_dynos_left_running_cross_without_new_usage()
    {
        await EntitlementTests.SeedCatalogueAsync(Factory);
        await using var setUp = await UnderContractFromOctoberAsync(Fixture, Factory, dynoUnits: 1m);
        var (october, clock, host, enterprise, producer) = setUp;
        var ingested = await producer.PostEventsAsync(UsageEvents.Formation("f-" + Guid.NewGuid().ToString("N"), october.Start, Guid.NewGuid(), enterprise.OpsTeam, 10));
        Assert.True(ingested.IsSuccessStatusCode, await ingested.Content.ReadAsStringAsync());
        Assert.True(await MeasureAsync(host, new UsageRecorded(Guid.NewGuid(), clock.GetUtcNow(), BillableOwner.Team(enterprise.OpsTeam), october.Start, 1)));
        Assert.Equal(0, await Fixture.CountAsync("licensing.licence_threshold_crossings")); // ten dynos for a day: 0.32 of 1

        clock.SetUtcNow(october.Start.AddDays(2.5)); // 0.81 of 1
        await RefreshAsync(host);
        await RefreshAsync(host);
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.licence_threshold_crossed.v1' AND payload LIKE '%\"thresholdPercent\":80%'"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.licence_threshold_crossings"));

        clock.SetUtcNow(october.Start.AddDays(3.5)); // 1.13 of 1
        await RefreshAsync(host);
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.licence_threshold_crossed.v1' AND payload LIKE '%\"thresholdPercent\":100%'"));
        Assert.Equal(2, await Fixture.CountAsync("licensing.licence_threshold_crossings"));
    }

    /// <summary>
    /// A team measured moments ago is not measured again for every batch of its usage: the figure is marked behind the
    /// usage, and the refresh job measures it; once the minimum interval has passed, a batch measures it at once (ADR 0055).
    /// </summary>
    [Fact]
    public async Task Usage_announced_soon_after_a_measurement_is_measured_by_the_refresh_and_later_usage_at_once()
    {
        await EntitlementTests.SeedCatalogueAsync(Factory);
        await using var setUp = await UnderContractFromOctoberAsync(Fixture, Factory, dynoUnits: 100m);
        var (october, clock, host, enterprise, producer) = setUp;
        var ops = BillableOwner.Team(enterprise.OpsTeam);
        var app = Guid.NewGuid();
        async Task ScaleAsync(DateTimeOffset at, int quantity)
        {
            var ingested = await producer.PostEventsAsync(UsageEvents.Formation("f-" + Guid.NewGuid().ToString("N"), at, app, enterprise.OpsTeam, quantity));
            Assert.True(ingested.IsSuccessStatusCode, await ingested.Content.ReadAsStringAsync());
            Assert.True(await MeasureAsync(host, new UsageRecorded(Guid.NewGuid(), clock.GetUtcNow(), ops, october.Start, 1)));
        }

        decimal Share(params (int Dynos, double Seconds)[] stretches) => Math.Round(stretches.Sum(s => s.Dynos * (decimal)s.Seconds) / october.Seconds, 6);

        await ScaleAsync(october.Start, 10);
        Assert.Equal(Share((10, 86_400)), await StoredDynoUnitsAsync(host, enterprise.OpsTeam));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // Reading positions measures the rest of the account (its other team, without usage), so nothing else is stale.
            await scope.ServiceProvider.GetRequiredService<ILicensePositions>().ForMonth(ops, october, CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromSeconds(10));
        await ScaleAsync(october.Start.AddHours(12), 40);
        Assert.Equal(Share((10, 86_400)), await StoredDynoUnitsAsync(host, enterprise.OpsTeam)); // marked behind, not measured
        await RefreshAsync(host);
        Assert.Equal(Share((10, 43_200), (40, 43_210)), await StoredDynoUnitsAsync(host, enterprise.OpsTeam));

        clock.Advance(TimeSpan.FromSeconds(31));
        await ScaleAsync(october.Start.AddDays(1), 0);
        Assert.Equal(Share((10, 43_200), (40, 43_200)), await StoredDynoUnitsAsync(host, enterprise.OpsTeam));
    }

    private static async Task<decimal> StoredDynoUnitsAsync(WebApplicationFactory<Program> host, Guid team)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LicensingDbContext>().LicenceConsumption.AsNoTracking()
            .Where(c => c.TeamId == team && c.Product == LicenceProducts.DynoUnits).Select(c => c.Consumed).SingleAsync();
    }

    private static async Task RefreshAsync(WebApplicationFactory<Program> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetServices<IRecurringJob>().Single(j => j.Id == RefreshLicenceConsumption.JobId).ExecuteAsync(CancellationToken.None);
    }

    /// <summary>A contract licensing dyno units this month and the ops team running enough standard-1x dynos since the month's start to use a unit.</summary>
    private async Task<(Guid OpsTeam, int Quantity, DateTimeOffset RunningSince)> EnterpriseWithRunningDynosAsync(decimal licensedDynoUnits, bool seedCatalogue = true)
    {
        if (seedCatalogue)
        {
            await EntitlementTests.SeedCatalogueAsync(Factory);
        }

        var enterprise = new EnterpriseFixtures(Factory);
        await enterprise.ImportAsync();
        Assert.Equal(HttpStatusCode.Created, (await enterprise.SignAsync(Admin(), ThisMonth.Start, ThisMonth.End.AddYears(1), Licence(LicenceProducts.DynoUnits, licensedDynoUnits))).StatusCode);
        var elapsed = (decimal)(DateTimeOffset.UtcNow - ThisMonth.Start).TotalSeconds / ThisMonth.Seconds;
        var quantity = (int)Math.Min(10_000, Math.Ceiling(1.5m / elapsed));
        var producer = Client((await IssueTokenAsync("usage-producer")).Token);
        var ingested = await producer.PostEventsAsync(UsageEvents.Formation("f-" + Guid.NewGuid().ToString("N"), ThisMonth.Start, Guid.NewGuid(), enterprise.OpsTeam, quantity));
        Assert.True(ingested.IsSuccessStatusCode, await ingested.Content.ReadAsStringAsync());
        return (enterprise.OpsTeam, quantity, ThisMonth.Start);
    }

    private Task<bool> DeliverAsync(UsageRecorded recorded) => MeasureAsync(Factory, recorded);

    private async Task<bool> DeliverBatchAsync(UsageBatchRecorded batch)
    {
        var handler = Factory.Services.GetRequiredService<IntegrationEventHandlerRegistry>().HandlersOf(typeof(UsageBatchRecorded))
            .Single(h => h.HandlerType.Name == nameof(MeasureLicenceConsumption));
        try
        {
            return await Factory.Services.GetRequiredService<IntegrationEventDeliverer>().DeliverToAsync(handler, batch, CancellationToken.None);
        }
        catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or Npgsql.PostgresException)
        {
            // A concurrent delivery of the same event lost on the inbox key and rolled back (the outbox would retry it).
            return false;
        }
    }

    /// <summary>Delivers <paramref name="recorded"/> to Licensing's consumption measurement, as the outbox would.</summary>
    internal static async Task<bool> MeasureAsync(WebApplicationFactory<Program> factory, UsageRecorded recorded)
    {
        var handler = factory.Services.GetRequiredService<IntegrationEventHandlerRegistry>().HandlersOf(typeof(UsageRecorded))
            .Single(h => h.HandlerType.Name == nameof(MeasureLicenceConsumption));
        return await factory.Services.GetRequiredService<IntegrationEventDeliverer>().DeliverToAsync(handler, recorded, CancellationToken.None);
    }
}
