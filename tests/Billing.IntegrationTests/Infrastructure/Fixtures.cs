using System.Net.Http.Json;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>Requests that create test data through the public API, as an operator would.</summary>
public static class Fixtures
{
    public static async Task<HttpResponseMessage> PublishDynoSizeAsync(this HttpClient admin, string name, long cents = 2500, decimal units = 1m) =>
        await admin.PostAsJsonAsync("/admin/licensing/dyno-sizes", new
        {
            name,
            cost = new { cents, unit = "month" },
            precise_dyno_units = units,
            memory = 0.5m,
            compute = 1,
            reason = "new size for the test",
        });

    public static async Task<HttpResponseMessage> GrantCreditAsync(this HttpClient staff, Guid accountId, long amount = 5000, string reason = "goodwill for outage 2026-11") =>
        await staff.PostAsJsonAsync($"/admin/accounts/{accountId}/credits", new { amount, title = "goodwill", reason });
}
