using System.Collections.Concurrent;
using Billing.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Billing.IntegrationTests.Backfill;

/// <summary>
/// A tiny legacy billing on a loopback port: <c>GET /internal/tokens</c> with Heroku Range paging
/// (206 + Next-Range until the last page), so the real Refit adapter and resilience pipeline are exercised.
/// </summary>
public sealed class FakeLegacyBilling : IAsyncDisposable
{
    public const string AdminToken = "legacy_admin_token";

    private readonly WebApplication _app;

    private FakeLegacyBilling(WebApplication app, IReadOnlyList<LegacyCustomer> customers)
    {
        _app = app;
        Customers = customers;
    }

    public IReadOnlyList<LegacyCustomer> Customers { get; }

    /// <summary>The Range header of every request to /internal/tokens, in order.</summary>
    public ConcurrentQueue<string> RangesAsked { get; } = new();

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/";

    public static async Task<FakeLegacyBilling> StartAsync(int customers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var tokens = Enumerable.Range(1, customers)
            .Select(i => new LegacyCustomer($"legacy_{Guid.NewGuid():N}", Guid.NewGuid(), [Guid.NewGuid()]))
            .ToList();
        var fake = new FakeLegacyBilling(app, tokens);
        app.MapGet("/internal/tokens", fake.ListTokens);
        await app.StartAsync();
        return fake;
    }

    private IResult ListTokens(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + AdminToken)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var range = context.Request.Headers.Range.ToString();
        RangesAsked.Enqueue(range);
        var (after, max) = ParseRange(range);
        var ordered = Customers.Select(c => (Hash: TokenHasher.Hash(c.Secret), Customer: c)).OrderBy(t => t.Hash, StringComparer.Ordinal).ToList();
        var remaining = ordered.Where(t => after is null || string.CompareOrdinal(t.Hash, after) > 0).ToList();
        var page = remaining.Take(max).ToList();
        var body = page.Select(t => new
        {
            token_sha256 = t.Hash,
            role = Roles.Customer,
            account_id = t.Customer.AccountId,
            team_ids = t.Customer.TeamIds,
            enterprise_account_ids = Array.Empty<Guid>(),
        }).ToList();
        if (remaining.Count > max)
        {
            context.Response.Headers["Next-Range"] = $"id ]{page[^1].Hash}..; max={max}";
            return Results.Json(body, statusCode: StatusCodes.Status206PartialContent);
        }

        return Results.Json(body);
    }

    // Accepts "id ..; max=N" and "id ]<last>..; max=N", the two forms the adapter sends.
    private static (string? After, int Max) ParseRange(string range)
    {
        var max = 200;
        var maxAt = range.IndexOf("max=", StringComparison.Ordinal);
        if (maxAt >= 0)
        {
            max = int.Parse(range[(maxAt + 4)..].TrimEnd(';', ' '));
        }

        var open = range.IndexOf(']', StringComparison.Ordinal);
        var dots = range.IndexOf("..", StringComparison.Ordinal);
        return (open >= 0 && dots > open ? range[(open + 1)..dots] : null, max);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record LegacyCustomer(string Secret, Guid AccountId, IReadOnlyList<Guid> TeamIds);
