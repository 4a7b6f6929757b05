using Billing.BuildingBlocks.Http;

namespace Billing.UnitTests.Http;

public sealed class ApiVariantTests
{
    private static readonly string[] Both = [ApiVariant.V3, ApiVariant.Sdk];

    [Theory]
    [InlineData(null, "3")]
    [InlineData("", "3")]
    [InlineData("application/json", "3")]
    [InlineData("*/*", "3")]
    [InlineData("application/vnd.heroku+json; version=3", "3")]
    [InlineData("application/vnd.heroku+json; version=3.sdk", "3.sdk")]
    [InlineData("application/vnd.heroku+json;version=\"3.sdk\"", "3.sdk")]
    [InlineData("text/html, application/vnd.heroku+json; version=3", "3")]
    public void Negotiates_the_variant(string? accept, string expected)
    {
        Assert.Equal(expected, ApiVariant.Negotiate(accept, Both, out _)!.Version);
    }

    [Theory]
    [InlineData("application/vnd.heroku+json; version=2", "version=2")]
    [InlineData("application/vnd.heroku+json", "specify a version")]
    [InlineData("text/html", "Acceptable media types")]
    public void Refuses_what_it_cannot_serve_and_says_why(string accept, string reason)
    {
        Assert.Null(ApiVariant.Negotiate(accept, Both, out var problem));
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void An_sdk_only_resource_refuses_plain_version_3()
    {
        Assert.Null(ApiVariant.Negotiate("application/vnd.heroku+json; version=3", [ApiVariant.Sdk], out _));
    }
}
