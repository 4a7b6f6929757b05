using System.Net;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Http;

public sealed class RangePaginationTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private static readonly string[] Names = ["basic", "eco", "performance-l", "performance-m", "standard-1x"];

    private async Task PublishAllAsync()
    {
        foreach (var name in Names)
        {
            Assert.Equal(HttpStatusCode.Created, (await Admin().PublishDynoSizeAsync(name)).StatusCode);
        }
    }

    private async Task<HttpResponseMessage> GetWithRangeAsync(string range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/dyno-sizes");
        request.Headers.TryAddWithoutValidation("Range", range);
        return await Admin().SendAsync(request);
    }

    [Fact]
    public async Task Following_next_range_walks_every_item_once_and_the_last_page_has_no_next_range()
    {
        await PublishAllAsync();
        var seen = new List<string>();
        var range = "name ..; max=2";
        var statuses = new List<HttpStatusCode>();

        for (var page = 0; page < 10 && range is not null; page++)
        {
            var response = await GetWithRangeAsync(range);
            statuses.Add(response.StatusCode);
            seen.AddRange((await response.JsonAsync()).EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
            range = response.Headers.TryGetValues("Next-Range", out var next) ? next.Single() : null;
            Assert.StartsWith("name ", response.Content.Headers.GetValues("Content-Range").Single());
        }

        Assert.Equal(Names, seen);
        Assert.Equal([HttpStatusCode.PartialContent, HttpStatusCode.PartialContent, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Descending_order_and_client_variants_of_the_grammar_are_understood()
    {
        await PublishAllAsync();

        var goStyle = await GetWithRangeAsync("name ..; max=3,order=desc");
        var cliStyle = await GetWithRangeAsync("name ..; max=200;");

        Assert.Equal(["standard-1x", "performance-m", "performance-l"],
            (await goStyle.JsonAsync()).EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("name ]performance-l..; max=3, order=desc", goStyle.Headers.GetValues("Next-Range").Single());
        Assert.Equal(HttpStatusCode.OK, cliStyle.StatusCode);
        Assert.False(cliStyle.Headers.Contains("Next-Range"));
        Assert.Equal(5, (await cliStyle.JsonAsync()).GetArrayLength());
    }

    [Theory]
    [InlineData("price ..; max=2")]
    [InlineData("name ..; max=zero")]
    [InlineData("name ..; max=0")]
    [InlineData("name ..; order=sideways")]
    [InlineData("name")]
    [InlineData("id not-a-uuid..; max=2")]
    public async Task Bad_range_is_416_not_a_500(string range)
    {
        await PublishAllAsync();

        var response = await GetWithRangeAsync(range);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("requested_range_not_satisfiable", await response.ErrorIdAsync());
    }

    [Fact]
    public async Task Range_on_a_single_resource_is_ignored_as_heroku_client_sends_it_everywhere()
    {
        await PublishAllAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/dyno-sizes/eco");
        request.Headers.TryAddWithoutValidation("Range", "id ..; max=1000");

        var response = await Admin().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
