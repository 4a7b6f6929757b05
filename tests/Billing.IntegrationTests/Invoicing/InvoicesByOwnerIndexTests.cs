using Billing.IntegrationTests.Infrastructure;
using Npgsql;

namespace Billing.IntegrationTests.Invoicing;

/// <summary>
/// A billing run asks, for every partition and again under the numbering lock, which of its owners already have an
/// invoice for the period, void ones included; billing support and customers list an owner's invoices whatever their
/// status. The one owner key on invoices is partial (non-void only, ADR 0036), so those questions read every invoice of
/// every period until an index answers them (ADR 0058): at 50,000 owners the run's checks alone took 1.75 s a run.
/// </summary>
public sealed class InvoicesByOwnerIndexTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    public static TheoryData<string> Questions => new()
    {
        // IssuedAsync: the partition's owners, one period, any status.
        "SELECT owner_kind, owner_id, number, total_cents FROM invoicing.invoices WHERE owner_id = ANY(@owners) AND period_start = @start",
        // An owner's invoices, void ones included.
        "SELECT number, status FROM invoicing.invoices WHERE owner_kind = 0 AND owner_id = @owner",
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task Invoices_of_given_owners_are_found_through_an_index_void_ones_included(string question)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        // Scans become a last resort: a plan that still reads the table whole has no index to use. The table is empty
        // here, so without this the planner would rightly prefer the scan either way.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + question, connection);
        explain.Parameters.AddWithValue("owners", new[] { Guid.NewGuid(), Guid.NewGuid() });
        explain.Parameters.AddWithValue("owner", Guid.NewGuid());
        explain.Parameters.AddWithValue("start", new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));
        var plan = await explain.PlanAsync();

        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("ix_invoices_owner_id_period_start_any_status", StringComparison.Ordinal));
    }
}
