using System.Net;
using System.Text;
using Billing.BuildingBlocks.Abstractions.Backfill;
using Billing.BuildingBlocks.Auth;
using Billing.LegacyAdapters.Billing.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.UnitTests.LegacyAdapters;

public sealed class LegacyTokenSourceTests
{
    private const string SecondPageRange = "]id-2 ..; max=2";

    // Two pages in the shape legacy sends: 206 with Next-Range, then 200 without it.
    private static HttpResponseMessage TokensPage(HttpRequestMessage request, int attempt)
    {
        var range = string.Join(",", request.Headers.GetValues("Range"));
        return range == SecondPageRange
            ? Json(HttpStatusCode.OK, """[{"token_sha256":"CCCC","role":"admin","account_id":null,"team_ids":[],"enterprise_account_ids":[]}]""")
            : Json(HttpStatusCode.PartialContent, """
                [{"token_sha256":"aaaa","role":"customer","account_id":"0b4d1e2c-0000-4000-8000-000000000001","team_ids":["0b4d1e2c-0000-4000-8000-0000000000a1"],"enterprise_account_ids":[]},
                 {"token_sha256":"bbbb","role":"customer","account_id":"0b4d1e2c-0000-4000-8000-000000000002","team_ids":null,"enterprise_account_ids":null}]
                """, SecondPageRange);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body, string? nextRange = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (nextRange is not null)
        {
            response.Headers.TryAddWithoutValidation(HerokuRangePaging.NextRangeHeader, nextRange);
        }

        return response;
    }

    [Fact]
    public async Task Reads_a_page_through_the_generated_Refit_client_and_hands_back_Next_Range_as_the_cursor()
    {
        var legacy = new FakeLegacyHandler(TokensPage);
        using var services = LegacyClientHost.With(legacy);
        using var scope = services.CreateScope();
        var source = scope.ServiceProvider.GetRequiredService<IBackfillSource<LegacyTokenGrant>>();

        var first = await source.ReadPageAsync(cursor: null, CancellationToken.None);
        var second = await source.ReadPageAsync(first.NextCursor, CancellationToken.None);

        Assert.Equal(["aaaa", "bbbb"], first.Items.Select(t => t.Sha256));
        Assert.Equal(SecondPageRange, first.NextCursor);
        Assert.Equal([Guid.Parse("0b4d1e2c-0000-4000-8000-0000000000a1")], first.Items[0].TeamIds);
        Assert.Empty(first.Items[1].TeamIds);
        Assert.Equal("cccc", Assert.Single(second.Items).Sha256);
        Assert.Null(second.NextCursor);

        var sent = legacy.Requests.ToList();
        Assert.Equal("/internal/tokens", sent[0].RequestUri!.AbsolutePath);
        Assert.Equal("id ..; max=2", string.Join(",", sent[0].Headers.GetValues("Range")));
        Assert.Equal("Bearer legacy_admin_token", sent[0].Headers.Authorization!.ToString());
        Assert.Contains("application/vnd.heroku+json; version=3", string.Join(",", sent[0].Headers.GetValues("Accept")));
    }

    [Fact]
    public async Task The_paging_helper_follows_Next_Range_until_the_last_page()
    {
        var legacy = new FakeLegacyHandler(TokensPage);
        using var services = LegacyClientHost.With(legacy);
        var api = services.GetRequiredService<ILegacyBillingApi>();

        var all = new List<LegacyTokenRecord>();
        await foreach (var token in HerokuRangePaging.ReadAllAsync(api.ListTokensAsync, HerokuRangePaging.FirstRange("id", 2)))
        {
            all.Add(token);
        }

        Assert.Equal(["aaaa", "bbbb", "CCCC"], all.Select(t => t.TokenSha256));
        Assert.Equal(2, legacy.Attempts);
    }
}
