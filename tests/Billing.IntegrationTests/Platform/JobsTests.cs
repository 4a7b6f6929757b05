using System.Net;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Platform;

public sealed class JobsTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task Recurring_jobs_are_registered_by_constant_id_in_utc_with_cron_from_configuration()
    {
        await using var factory = Fixture.CreateFactory(new Dictionary<string, string?> { ["Jobs:Recurring:messaging.outbox-retention:Cron"] = "5 4 * * *" });
        _ = factory.Server;
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == "messaging.outbox-retention");

        Assert.Equal("5 4 * * *", job.Cron);
        Assert.Equal("UTC", job.TimeZoneId);
    }

    [Fact]
    public void On_postgres_jobs_live_in_postgres_and_a_host_with_the_server_disabled_runs_no_worker()
    {
        var storage = Factory.Services.GetRequiredService<JobStorage>();

        Assert.IsType<Hangfire.PostgreSql.PostgreSqlStorage>(storage);
        Assert.Empty(storage.GetMonitoringApi().Servers());
    }

    [Fact]
    public async Task A_disabled_recurring_job_is_removed()
    {
        _ = Factory.Server;
        await using var factory = Fixture.CreateFactory(new Dictionary<string, string?> { ["Jobs:Recurring:messaging.outbox-retention:Enabled"] = "false" });
        _ = factory.Server;
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();

        Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == "messaging.outbox-retention");
    }

    [Fact]
    public async Task The_dashboard_is_for_admins_only()
    {
        var customer = await IssueTokenAsync(Roles.Customer, Guid.NewGuid());
        var support = await IssueTokenAsync(Roles.BillingSupport);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(customer.Token).GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(support.Token).GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(BillingApiFactory.AdminToken, "text/html").GetAsync("/hangfire")).StatusCode);
    }
}
