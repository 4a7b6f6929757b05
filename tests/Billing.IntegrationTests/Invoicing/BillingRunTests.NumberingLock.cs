using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Issuing;
using Billing.Invoicing.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>Issuing writes a batch's lines before it queues on the numbering lock, and numbers and writes the invoices under it (ADR 0048).</summary>
public sealed partial class BillingRunTests
{
    [Fact]
    public async Task An_owner_invoiced_elsewhere_while_its_batch_waited_for_the_numbering_lock_keeps_that_invoice_and_the_rest_is_issued_gaplessly()
    {
        var usage = GeneratedUsage.ForOwners(4, October, seed: 21);
        await using var host = Host(usage, partitionSize: 100);
        await SeedRatesAsync(host);
        var owners = usage.All.Select(s => s.Owner).Distinct().ToList();
        var contested = owners[0];

        // The test holds the numbering lock. Another worker issuing the contested owner alone queues on it first, with
        // its lines written; then the batch that has the same owner, its lines written too. The lock goes to them in turn.
        await using var holder = new NpgsqlConnection(Fixture.ConnectionString);
        await holder.OpenAsync();
        await LockAsync(holder, "pg_advisory_lock");
        var alone = Task.Run(() => IssueAsync(host, [contested]));
        await WaitForNumberingWaitersAsync(1);
        var batch = Task.Run(() => IssueAsync(host, owners));
        await WaitForNumberingWaitersAsync(2);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.invoices"));
        await LockAsync(holder, "pg_advisory_unlock");

        var first = Assert.Single(await alone);
        var outcomes = await batch;
        Assert.Equal((false, 1), (first.AlreadyIssued, first.Number));
        var again = Assert.Single(outcomes, o => o.Owner == contested);
        Assert.Equal((true, 1, first.TotalCents), (again.AlreadyIssued, again.Number, again.TotalCents));
        Assert.Equal([2, 3, 4], outcomes.Where(o => o.Owner != contested).Select(o => o.Number ?? 0).Order());
        var invoices = await InvoicesAsync();
        Assert.Equal(owners.Count, invoices.Select(i => i.Owner).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, owners.Count), invoices.Select(i => i.Number));
        Assert.Equal(owners.Count, await Fixture.CountAsync("invoicing.outbox_messages", "type = 'invoicing.invoice_finalized.v1'"));
        // The batch's first attempt wrote the contested owner's lines again, for an invoice that never came; they went with its rollback.
        Assert.Equal(0, await Fixture.CountAsync("invoicing.invoice_lines l", "NOT EXISTS (SELECT FROM invoicing.invoices i WHERE i.id = l.invoice_id)"));
    }

    [Fact]
    public async Task A_line_whose_invoice_never_comes_is_refused_when_the_transaction_commits()
    {
        await using var host = Host(GeneratedUsage.ForOwners(1, October));
        _ = host.Server;
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            SET CONSTRAINTS invoicing.fk_invoice_lines_invoices_invoice_id DEFERRED;
            INSERT INTO invoicing.invoice_lines (invoice_id, position, kind, category, description, quantity_months, unit_price_cents, amount_cents, explanation)
            VALUES (gen_random_uuid(), 1, 0, 0, 'orphan', 1, 100, 100, '{}')
            """, connection, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() => transaction.CommitAsync());

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.invoice_lines"));
    }

    private static async Task<IReadOnlyList<IssueOutcome>> IssueAsync(WebApplicationFactory<Program> host, IReadOnlyCollection<BillableOwner> owners)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InvoiceIssuer>().IssueManyAsync(owners, October, dryRun: false, CancellationToken.None);
    }

    private static async Task LockAsync(NpgsqlConnection connection, string function)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}({InvoicingLocks.InvoiceNumbering})", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task WaitForNumberingWaitersAsync(int waiters)
    {
        for (var tries = 0; await Fixture.CountAsync("pg_locks", "locktype = 'advisory' AND NOT granted") < waiters; tries++)
        {
            Assert.True(tries < 300, $"{waiters} issuing(s) never queued on the numbering lock.");
            await Task.Delay(100);
        }
    }
}
