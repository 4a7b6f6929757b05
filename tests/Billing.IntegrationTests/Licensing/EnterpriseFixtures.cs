using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Licensing.Backfill;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Billing.IntegrationTests.Licensing;

/// <summary>An enterprise account with two teams, imported the way the legacy backfill writes them, and contract helpers.</summary>
internal sealed class EnterpriseFixtures(BillingApiFactory factory)
{
    public Guid AccountId { get; } = Guid.NewGuid();

    public string AccountName { get; } = "acme-" + Guid.NewGuid().ToString("N")[..8];

    public Guid OpsTeam { get; } = Guid.NewGuid();

    public Guid DataTeam { get; } = Guid.NewGuid();

    public static BillingPeriod ThisMonth => BillingPeriod.MonthOf(DateTimeOffset.UtcNow);

    public static BillingPeriod NextMonth => BillingPeriod.MonthOf(ThisMonth.End);

    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public async Task ImportAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LicensingDbContext>();
        await new LegacyEnterpriseDirectoryImport(TimeProvider.System).UpsertAsync(db,
            [new LegacyEnterpriseAccountEntry(AccountId, AccountName, [new LegacyEnterpriseTeamEntry(OpsTeam, AccountName + "-ops"), new LegacyEnterpriseTeamEntry(DataTeam, AccountName + "-data")])],
            CancellationToken.None);
        await db.SaveChangesAsync();
    }

    public static object Licence(string product, decimal quantity, long rateCents = 4000, bool hardLimit = false) =>
        new { product, monthly_quantity = quantity, on_demand_rate = new { cents = rateCents }, hard_limit = hardLimit };

    public Task<HttpResponseMessage> SignAsync(HttpClient staff, DateTimeOffset startsAt, DateTimeOffset endsAt, params object[] licences) =>
        staff.PostAsJsonAsync($"/admin/licensing/enterprise-accounts/{AccountName}/contracts",
            new { reference = "SF-" + Guid.NewGuid().ToString("N")[..6], starts_at = Iso(startsAt), ends_at = Iso(endsAt), licences, reason = "signed by sales" });

    /// <summary>
    /// An enterprise account with a contract licensing <paramref name="dynoUnits"/> dyno units from the 1st of October 2026
    /// (signed the day before, since staff cannot sign a contract starting in a month that is over), on a host of
    /// <paramref name="fixture"/> whose clock the test moves, now at the 2nd, and a usage producer's client on that host.
    /// The catalogue is the caller's to seed.
    /// </summary>
    public static async Task<ClockedEnterprise> UnderContractFromOctoberAsync(PostgresFixture fixture, BillingApiFactory factory, decimal dynoUnits, long rateCents = 4000)
    {
        var october = BillingPeriod.Month(2026, 10);
        var clock = new FakeTimeProvider(october.Start.AddDays(-1));
        var host = fixture.CreateFactory().WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var enterprise = new EnterpriseFixtures(factory);
        await enterprise.ImportAsync();
        var signed = await enterprise.SignAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), october.Start, october.End.AddYears(1), Licence(LicenceProducts.DynoUnits, dynoUnits, rateCents));
        Assert.True(signed.StatusCode == HttpStatusCode.Created, await signed.Content.ReadAsStringAsync());
        clock.SetUtcNow(october.Start.AddDays(1));
        var producer = ApiClients.Create(host, (await ApiClients.IssueTokenAsync(ApiClients.Create(factory, BillingApiFactory.AdminToken), Roles.UsageProducer, null)).Token);
        return new ClockedEnterprise(october, clock, host, enterprise, producer);
    }

    /// <summary>Consumption as the consumption slice records it: per team, month and product.</summary>
    public async Task RecordConsumptionAsync(Guid team, BillingPeriod month, string product, decimal consumed)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LicensingDbContext>();
        db.LicenceConsumption.Add(new LicenceConsumption(AccountId, team, month.Start, product, consumed, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
    }
}

/// <summary>What <see cref="EnterpriseFixtures.UnderContractFromOctoberAsync"/> sets up; disposing it stops the host.</summary>
internal sealed record ClockedEnterprise(BillingPeriod October, FakeTimeProvider Clock, WebApplicationFactory<Program> Host, EnterpriseFixtures Enterprise, HttpClient Producer)
    : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

