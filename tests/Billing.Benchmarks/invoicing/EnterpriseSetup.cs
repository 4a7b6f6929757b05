using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Billing.Usage.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// ENTERPRISE: the first percent of the generated teams in enterprise accounts of ten, each under a contract licensing
/// dyno units over the billed period, so that rating them reads Licensing's positions and, the month being over, has
/// their consumption measured through its end first (ADR 0054) — from Usage's stored daily rollups, which the generator's
/// COPY does not write: they are rebuilt from the events once, as the rollup worker would have kept them.
/// </summary>
internal static class EnterpriseSetup
{
    private const string AdminToken = "bench-admin-token";

    public static async Task<int> SignAsync(BenchHost host, string connectionString, IReadOnlyList<Guid> teams, int percent, BillingPeriod period)
    {
        var rebuilt = Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // The rebuild's work tables are dropped at commit: one transaction.
            await using var command = new NpgsqlCommand("BEGIN;\n" + RollupMaintenance.RebuildAll + ";\nCOMMIT", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
            // What autovacuum does for rows that stopped changing: statistics, and pages marked all-visible.
            await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE usage.daily_rollups", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"usage rollups rebuilt from the events in {rebuilt.Elapsed.TotalSeconds:F1} s (not counted)"));

        using var staff = host.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        staff.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/vnd.heroku+json; version=3");
        foreach (var (name, cents, units) in new[] { ("standard-1x", 2500L, 1m), ("standard-2x", 5000L, 2m), ("performance-m", 25000L, 8m), ("basic", 700L, 0.28m) })
        {
            await SendAsync(staff.PostAsJsonAsync("/admin/licensing/dyno-sizes", new
            {
                name, cost = new { cents, unit = "month" }, precise_dyno_units = units, memory = 0.5m, compute = 1, reason = "benchmark",
            }));
        }

        var enterprise = teams.Take(teams.Count * percent / 100).ToList();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicensingDbContext>();
        for (var first = 0; first < enterprise.Count; first += 10)
        {
            var account = Guid.CreateVersion7();
            var members = enterprise.Skip(first).Take(10).Select((id, i) => new { id, name = $"bench-team-{first + i}" }).ToArray();
            await SendAsync(staff.PutAsJsonAsync($"/admin/licensing/enterprise-accounts/{account}", new { name = $"bench-enterprise-{first}", teams = members }));
            // Signed directly: the staff API does not sign contracts starting in a month that is over.
            var terms = new ContractTerms(period.Start, period.Start.AddYears(1), [new ContractLicence(LicenceProducts.DynoUnits, 2m * members.Length, 4000, HardLimit: false)]);
            db.Contracts.Add(new Contract(Guid.CreateVersion7(), account, $"BENCH-{first}", terms, new ContractAudit("benchmark", "benchmark", period.Start)));
        }

        await db.SaveChangesAsync();
        return enterprise.Count;
    }

    public static Task<long> MeasuredTeamsAsync(string connectionString) =>
        ScalarAsync(connectionString, "SELECT count(DISTINCT team_id) FROM licensing.licence_consumption");

    public static Task<long> OnDemandLinesAsync(string connectionString) =>
        ScalarAsync(connectionString, $"SELECT count(*) FROM invoicing.invoice_lines WHERE kind = {(int)Billing.Invoicing.Domain.Rating.LineKind.OnDemand}");

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task SendAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
