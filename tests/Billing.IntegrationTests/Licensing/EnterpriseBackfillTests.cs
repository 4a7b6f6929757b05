using Billing.BuildingBlocks.Backfill;
using Billing.IntegrationTests.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Licensing.Backfill;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Licensing;

/// <summary>The enterprise directory and delinquencies imported from the real Ruby stand-in.</summary>
public sealed class EnterpriseBackfillTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [RubyStandInFact]
    public async Task Legacy_enterprise_accounts_their_teams_and_delinquent_owners_are_imported_and_a_rerun_writes_nothing()
    {
        await using var legacy = await RubyBillingStandIn.StartAsync();
        await using var factory = Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Legacy:Billing:BaseUrl"] = legacy.BaseUrl,
            ["Legacy:Billing:AdminToken"] = "legacy_admin_token",
        });

        for (var run = 1; run <= 2; run++)
        {
            using var scope = factory.Services.CreateScope();
            var backfills = scope.ServiceProvider.GetRequiredService<BackfillJob>();
            await backfills.RunAsync(LegacyEnterpriseDirectoryImport.BackfillName, CancellationToken.None);
            await backfills.RunAsync(LegacyDelinquencyImport.BackfillName, CancellationToken.None);
        }

        // Fixture data: acme-corp holds acme-ops and acme-data; carol's account is the delinquent one.
        Assert.Equal(1, await Fixture.CountAsync("licensing.enterprise_accounts", "id = '57d5b1c5-80f4-4665-ab07-df32870a224b' AND name = 'acme-corp'"));
        Assert.Equal(2, await Fixture.CountAsync("licensing.enterprise_teams", "enterprise_account_id = '57d5b1c5-80f4-4665-ab07-df32870a224b' AND name IN ('acme-ops', 'acme-data')"));
        Assert.Equal(2, await Fixture.CountAsync("licensing.enterprise_teams"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.delinquencies", "owner = 'account:d7363f53-24e3-49aa-a278-c7baab4a5f97' AND delinquent_since = '2026-08-15T00:00:00Z'"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.delinquencies"));
    }
}
