using System.Net;
using Billing.BuildingBlocks.Backfill;
using Billing.Host.Access;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Backfill;

/// <summary>The token backfill against the real legacy stand-in: the host then accepts exactly legacy's tokens.</summary>
public sealed class RubyStandInTokenBackfillTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [RubyStandInFact]
    public async Task After_the_backfill_every_legacy_token_authenticates_here_with_its_legacy_role_and_a_rerun_writes_nothing()
    {
        await using var legacy = await RubyBillingStandIn.StartAsync();
        await using var factory = Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Legacy:Billing:BaseUrl"] = legacy.BaseUrl,
            ["Legacy:Billing:AdminToken"] = "legacy_admin_token",
        });
        var tokens = RubyBillingStandIn.FixtureTokens();

        for (var run = 1; run <= 2; run++)
        {
            using var scope = factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(LegacyTokenImport.BackfillName, CancellationToken.None);
        }

        Assert.Equal(tokens.Count, await Fixture.CountAsync("access.tokens", $"created_by = '{ApiToken.ImportedFromLegacyBy}'"));
        var progress = (await (await Admin().GetAsync("/admin/backfills")).JsonAsync()).EnumerateArray()
            .Single(b => b.GetProperty("name").GetString() == LegacyTokenImport.BackfillName);
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Equal(0, progress.GetProperty("items_written").GetInt64());
        foreach (var (secret, role, _) in tokens)
        {
            // A customer token reads its own account's credits; the legacy admin token reaches admin routes.
            var path = role == "admin" ? "/admin/backfills" : "/account/credits";
            Assert.Equal(HttpStatusCode.OK, (await ApiClients.Create(factory, secret).GetAsync(path)).StatusCode);
        }
    }
}
