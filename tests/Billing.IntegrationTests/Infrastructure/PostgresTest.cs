using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Http;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>Base of the PostgreSQL-backed tests: a clean database per test and clients that speak like Heroku's.</summary>
[Collection(PostgresCollection.Name)]
public abstract class PostgresTest(PostgresFixture fixture) : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = JsonConventions.Create();

    protected PostgresFixture Fixture { get; } = fixture;

    protected BillingApiFactory Factory => Fixture.Factory;

    public Task InitializeAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected HttpClient Client(string? token = null, string accept = "application/vnd.heroku+json; version=3") =>
        ApiClients.Create(Factory, token, accept);

    protected HttpClient Admin() => Client(BillingApiFactory.AdminToken);

    protected Task<IssuedToken> IssueTokenAsync(string role, Guid? accountId = null) => ApiClients.IssueTokenAsync(Admin(), role, accountId);
}

public sealed record IssuedToken(Guid Id, string Token, string Role, Guid? AccountId);

public static class ApiClients
{
    public static HttpClient Create(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string? token, string accept = "application/vnd.heroku+json; version=3")
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.Clear();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static async Task<IssuedToken> IssueTokenAsync(HttpClient admin, string role, Guid? accountId)
    {
        var response = await admin.PostAsJsonAsync("/admin/tokens", new { role, account_id = accountId, description = "test" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedToken>(PostgresTest.Json))!;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<string> ErrorIdAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("id").GetString()!;
}
