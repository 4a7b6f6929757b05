using Billing.BuildingBlocks.Http;

namespace Billing.UnitTests.Http;

public sealed class RangeRequestTests
{
    private static readonly string[] Sortable = ["id", "name"];

    [Theory]
    [InlineData("id ..; max=200", "id", null, false, null, 200, false)]
    [InlineData("id ..; max=200;", "id", null, false, null, 200, false)]
    [InlineData("name ..; max=50,order=desc", "name", null, false, null, 50, true)]
    [InlineData("name ..; order=desc, max=10", "name", null, false, null, 10, true)]
    [InlineData("name ]eco..; max=1", "name", "eco", true, null, 1, false)]
    [InlineData("name basic..standard-2x", "name", "basic", false, "standard-2x", 200, false)]
    [InlineData("id ..; max=5000", "id", null, false, null, 1000, false)]
    [InlineData("id ..", "id", null, false, null, 200, false)]
    public void Parses_what_real_clients_send(string header, string field, string? start, bool exclusive, string? end, int max, bool descending)
    {
        var range = RangeRequest.Parse(header, Sortable);

        Assert.Equal(new RangeRequest(field, start, exclusive, end, max, descending), range);
    }

    [Fact]
    public void No_header_means_the_first_sortable_field_ascending_200()
    {
        Assert.Equal(new RangeRequest("id", null, false, null, 200, false), RangeRequest.Parse(null, Sortable));
    }

    [Theory]
    [InlineData("updated_at ..")]
    [InlineData("id")]
    [InlineData("id ..; max=-1")]
    [InlineData("id ..; max=")]
    [InlineData("id ..; order=random")]
    [InlineData("id ..; limit=3")]
    [InlineData("..; max=3")]
    public void Rejects_malformed_ranges_with_416(string header)
    {
        var error = Assert.Throws<RangeNotSatisfiableException>(() => RangeRequest.Parse(header, Sortable));

        Assert.Equal(416, error.Status);
        Assert.Equal("requested_range_not_satisfiable", error.Id);
    }

    [Fact]
    public void Next_range_starts_exclusively_after_the_last_key_and_keeps_size_and_order()
    {
        var range = RangeRequest.Parse("name ..; max=3, order=desc", Sortable);

        Assert.Equal("name ]eco..; max=3, order=desc", range.NextRange("eco"));
        Assert.Equal(RangeRequest.Parse(range.NextRange("eco"), Sortable) with { }, new RangeRequest("name", "eco", true, null, 3, true));
    }
}
