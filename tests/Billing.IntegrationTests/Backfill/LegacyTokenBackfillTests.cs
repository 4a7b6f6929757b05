using System.Net;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Backfill;
using Billing.Host.Access;
using Billing.IntegrationTests.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Backfill;

public sealed class LegacyTokenBackfillTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private const string Name = LegacyTokenImport.BackfillName;
    private const string Imported = $"created_by = '{ApiToken.ImportedFromLegacyBy}'";

    private static Dictionary<string, string?> LegacySettings(FakeLegacyBilling legacy) => new()
    {
        ["Legacy:Billing:BaseUrl"] = legacy.BaseUrl,
        ["Legacy:Billing:AdminToken"] = FakeLegacyBilling.AdminToken,
        ["Legacy:Billing:PageSize"] = "2",
        ["Legacy:Billing:RetryDelay"] = "00:00:00.010",
    };

    private static async Task RunBackfillAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<BackfillJob>().RunAsync(Name, CancellationToken.None);
    }

    private static async Task<System.Text.Json.JsonElement> ProgressAsync(HttpClient admin)
    {
        var list = await (await admin.GetAsync("/admin/backfills")).JsonAsync();
        return list.EnumerateArray().Single(b => b.GetProperty("name").GetString() == Name);
    }

    private async Task<List<Guid>> ImportedTokenIdsAsync()
    {
        var tokens = await (await Admin().GetAsync("/admin/tokens")).JsonAsync();
        return tokens.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).Order().ToList();
    }

    [Fact]
    public async Task Imports_every_legacy_token_page_by_page_and_the_legacy_secret_then_authenticates()
    {
        await using var legacy = await FakeLegacyBilling.StartAsync(customers: 5);
        await using var factory = Fixture.CreateFactory(LegacySettings(legacy));
        var admin = ApiClients.Create(factory, BillingApiFactory.AdminToken);
        Assert.Equal("not_started", (await ProgressAsync(admin)).GetProperty("status").GetString());

        await RunBackfillAsync(factory.Services);

        Assert.Equal(5, await Fixture.CountAsync("access.tokens", Imported));
        var progress = await ProgressAsync(admin);
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Equal("access", progress.GetProperty("module").GetString());
        Assert.Equal(3, progress.GetProperty("pages_imported").GetInt32());
        Assert.Equal(5, progress.GetProperty("items_read").GetInt64());
        Assert.Equal(5, progress.GetProperty("items_written").GetInt64());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, progress.GetProperty("finished_at").ValueKind);
        Assert.Equal(3, legacy.RangesAsked.Count);

        // The host never saw the secret, only its hash, and still accepts it with legacy's tenancy.
        var customer = legacy.Customers[0];
        var response = await ApiClients.Create(factory, customer.Secret).GetAsync("/account/credits");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClients.Create(factory, "legacy_not_a_real_token").GetAsync("/account/credits")).StatusCode);
    }

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        await using var legacy = await FakeLegacyBilling.StartAsync(customers: 5);
        await using var factory = Fixture.CreateFactory(LegacySettings(legacy));
        var admin = ApiClients.Create(factory, BillingApiFactory.AdminToken);
        await RunBackfillAsync(factory.Services);
        var before = await ImportedTokenIdsAsync();

        await RunBackfillAsync(factory.Services);

        Assert.Equal(before, await ImportedTokenIdsAsync());
        Assert.Equal(5, await Fixture.CountAsync("access.tokens", Imported));
        var progress = await ProgressAsync(admin);
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Equal(5, progress.GetProperty("items_read").GetInt64());
        Assert.Equal(0, progress.GetProperty("items_written").GetInt64());
    }

    [Fact]
    public async Task A_crash_mid_way_keeps_the_committed_pages_and_the_next_run_resumes_from_the_checkpoint()
    {
        await using var legacy = await FakeLegacyBilling.StartAsync(customers: 5);
        var crash = new CrashSwitch();
        await using var factory = Fixture.CreateFactory(LegacySettings(legacy));
        await using var crashing = factory.WithWebHostBuilder(host => host.ConfigureTestServices(services =>
        {
            services.AddSingleton(crash);
            services.AddScoped<IBackfillTarget<AccessDbContext, LegacyTokenGrant>>(sp =>
                new CrashOnceOnSecondPage(ActivatorUtilities.CreateInstance<LegacyTokenImport>(sp), sp.GetRequiredService<CrashSwitch>()));
        }));
        var admin = ApiClients.Create(crashing, BillingApiFactory.AdminToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => RunBackfillAsync(crashing.Services));

        // Page 1 committed with its checkpoint; page 2's tokens were rolled back with the failed transaction.
        Assert.Equal(2, await Fixture.CountAsync("access.tokens", Imported));
        var failed = await ProgressAsync(admin);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(1, failed.GetProperty("pages_imported").GetInt32());
        Assert.Contains("simulated crash", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        var resumeFrom = failed.GetProperty("cursor").GetString();
        Assert.StartsWith("id ]", resumeFrom, StringComparison.Ordinal);

        var askedBeforeResume = legacy.RangesAsked.Count;
        await RunBackfillAsync(crashing.Services);

        Assert.Equal(resumeFrom, legacy.RangesAsked.ElementAt(askedBeforeResume));
        Assert.Equal(5, await Fixture.CountAsync("access.tokens", Imported));
        var done = await ProgressAsync(admin);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(3, done.GetProperty("pages_imported").GetInt32());
        Assert.Equal(5, done.GetProperty("items_written").GetInt64());
        Assert.Equal(JsonNull, done.GetProperty("last_error").ValueKind);
    }

    [Fact]
    public async Task The_admin_endpoint_enqueues_the_backfill_as_a_Hangfire_job_by_name()
    {
        var jobs = new RecordingJobClient();
        await using var factory = Factory.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<IBackgroundJobClient>(jobs)));
        var admin = ApiClients.Create(factory, BillingApiFactory.AdminToken);

        var response = await admin.PostAsync($"/admin/backfills/{Name}", content: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = Assert.Single(jobs.Created);
        Assert.Equal(typeof(BackfillJob), job.Type);
        Assert.Equal(nameof(BackfillJob.RunAsync), job.Method.Name);
        Assert.Equal(Name, job.Args[0]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/admin/backfills/no.such-backfill", content: null)).StatusCode);
        Assert.Single(jobs.Created);
    }

    [Fact]
    public async Task Backfill_endpoints_are_for_admins_only()
    {
        var support = await IssueTokenAsync(Roles.BillingSupport);

        Assert.Equal(HttpStatusCode.Forbidden, (await Client(support.Token).GetAsync("/admin/backfills")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(support.Token).PostAsync($"/admin/backfills/{Name}", content: null)).StatusCode);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
