using System.Data.Common;
using System.Net;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Persistence;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Messaging;

public sealed class OutboxTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task State_and_event_commit_together()
    {
        var account = Guid.NewGuid();

        var response = await Admin().GrantCreditAsync(account);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.credits", $"account_id = '{account}'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages", $"type = 'invoicing.credit_granted.v1' AND payload LIKE '%{account}%'"));
    }

    [Fact]
    public async Task When_the_commit_fails_neither_state_nor_event_is_written()
    {
        var failing = new FailingCommitInterceptor();
        await using var factory = Fixture.CreateFactory().WithWebHostBuilder(b =>
            b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(failing)));
        var admin = ApiClients.Create(factory, BillingApiFactory.AdminToken);
        var account = Guid.NewGuid();

        failing.Armed = true;
        var response = await admin.GrantCreditAsync(account);
        failing.Armed = false;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("internal_server_error", await response.ErrorIdAsync());
        Assert.Equal(0, await Fixture.CountAsync("invoicing.credits"));
        Assert.Equal(0, await Fixture.CountAsync("invoicing.outbox_messages"));
        Assert.Equal(HttpStatusCode.Created, (await admin.GrantCreditAsync(account)).StatusCode);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.outbox_messages"));
    }

    [Fact]
    public async Task A_published_event_reaches_the_consuming_module_and_redelivery_has_no_second_effect()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin().PublishDynoSizeAsync("standard-1x", cents: 2500)).StatusCode);
        var processor = Factory.Services.GetRequiredService<OutboxProcessor>();
        var licensing = Factory.Services.GetRequiredService<ModuleCatalog>().FindByName("licensing")!;

        Assert.Equal(1, await processor.ProcessBatchAsync(licensing, CancellationToken.None));
        await Fixture.ExecuteAsync("UPDATE licensing.outbox_messages SET processed_at = NULL");
        Assert.Equal(1, await processor.ProcessBatchAsync(licensing, CancellationToken.None));

        Assert.Equal(1, await Fixture.CountAsync("invoicing.dyno_size_rates", "name = 'standard-1x' AND monthly_price_cents = 2500"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.inbox_messages"));
        Assert.Equal(0, await Fixture.CountAsync("licensing.outbox_messages", "processed_at IS NULL"));
    }

    [Fact]
    public async Task Two_host_instances_dispatching_at_once_deliver_every_event_exactly_once()
    {
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Billing.Licensing.Persistence.LicensingDbContext>();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < 40; i++)
            {
                db.Publish(new Billing.Licensing.Contracts.DynoSizePublished(Guid.NewGuid(), now, Guid.NewGuid(), $"size-{i}", 100 * i, 1m, now));
            }

            await db.SaveChangesAsync();
        }

        var settings = new Dictionary<string, string?> { ["Messaging:BatchSize"] = "3" };
        await using var first = Fixture.CreateFactory(settings);
        await using var second = Fixture.CreateFactory(settings);
        await Task.WhenAll(DrainAsync(first), DrainAsync(second));

        Assert.Equal(40, await Fixture.CountAsync("invoicing.dyno_size_rates"));
        Assert.Equal(40, await Fixture.CountAsync("invoicing.inbox_messages"));
        Assert.Equal(0, await Fixture.CountAsync("licensing.outbox_messages", "processed_at IS NULL OR attempts > 0"));
    }

    [Fact]
    public async Task A_poison_message_is_parked_listed_and_can_be_replayed()
    {
        var id = Guid.NewGuid();
        await Fixture.ExecuteAsync($"""
            INSERT INTO licensing.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at)
            VALUES ('{id}', 'licensing.no_such_event.v1', '{"{}"}', now(), 0, now())
            """);
        await using var factory = Fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Messaging:Retry:MaxAttempts"] = "2",
            ["Messaging:Retry:FirstDelay"] = "00:00:00",
        });
        var processor = factory.Services.GetRequiredService<OutboxProcessor>();
        var licensing = factory.Services.GetRequiredService<ModuleCatalog>().FindByName("licensing")!;
        var admin = ApiClients.Create(factory, BillingApiFactory.AdminToken);

        await processor.ProcessBatchAsync(licensing, CancellationToken.None);
        await processor.ProcessBatchAsync(licensing, CancellationToken.None);
        var parked = await (await admin.GetAsync("/admin/messaging/parked")).JsonAsync();
        var replay = await admin.PostAsync($"/admin/messaging/parked/licensing/{id}/replay", null);

        var entry = Assert.Single(parked.EnumerateArray());
        Assert.Equal(id.ToString(), entry.GetProperty("id").GetString());
        Assert.Equal(2, entry.GetProperty("attempts").GetInt32());
        Assert.Contains("licensing.no_such_event.v1", entry.GetProperty("last_error").GetString());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", $"id = '{id}' AND parked_at IS NULL AND attempts = 0"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/admin/messaging/parked/licensing/{Guid.NewGuid()}/replay", null)).StatusCode);
    }

    private static async Task DrainAsync(BillingApiFactory factory)
    {
        var processor = factory.Services.GetRequiredService<OutboxProcessor>();
        var licensing = factory.Services.GetRequiredService<ModuleCatalog>().FindByName("licensing")!;
        while (await processor.ProcessBatchAsync(licensing, CancellationToken.None) > 0)
        {
        }
    }

    private sealed class FailingCommitInterceptor : DbTransactionInterceptor
    {
        public volatile bool Armed;

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (Armed && eventData.Context is InvoicingDbContext)
            {
                throw new InvalidOperationException("Simulated failure at commit.");
            }

            return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
        }
    }
}
