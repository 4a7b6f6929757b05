using System.Text.Json;
using Billing.BuildingBlocks.Http;
using Microsoft.AspNetCore.Http;

namespace Billing.UnitTests.Http;

public sealed class BadRequestMessageTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record Cost(long Cents);

    public sealed record Body(string Name, Cost Cost, decimal? PreciseDynoUnits, Guid? AppId, DayOfWeek? Day, IReadOnlyList<int>? Sizes, bool Flag);

    private static JsonException Reading(string json) => Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Body>(json, Web));

    [Theory]
    [InlineData("""{"cost": {"cents": "ten"}}""", "Invalid request: cost.cents must be a whole number.")]
    [InlineData("""{"precise_dyno_units": "two"}""", "Invalid request: precise_dyno_units must be a number.")]
    [InlineData("""{"app_id": "not-a-uuid"}""", "Invalid request: app_id must be a UUID.")]
    [InlineData("""{"name": 5}""", "Invalid request: name must be a string.")]
    [InlineData("""{"flag": "yes"}""", "Invalid request: flag must be true or false.")]
    [InlineData("""{"sizes": 3}""", "Invalid request: sizes must be an array.")]
    [InlineData("""{"day": "someday"}""", "Invalid request: day must be one of the documented values.")]
    [InlineData("""{"cost": 3}""", "Invalid request: cost must be an object.")]
    [InlineData("""[1, 2]""", "Invalid request: the body must be an object.")]
    public void A_value_of_the_wrong_kind_names_the_field_and_the_JSON_it_must_be(string json, string expected)
    {
        Assert.Equal(expected, BadRequestMessage.For(Reading(json)));
    }

    [Theory]
    [InlineData("""{"name": "basic",""", "Invalid request: the body is not valid JSON: ")]
    [InlineData("""{"name": x}""", "Invalid request: the body is not valid JSON: 'x' is an invalid start of a value (line 1, byte 10).")]
    public void A_body_that_is_not_JSON_says_where_it_breaks_without_dotnet_terms(string json, string expected)
    {
        var message = BadRequestMessage.For(Reading(json));

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_parse_error_reads_the_same()
    {
        var exception = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("""{"events": [}"""));

        Assert.Equal("Invalid request: the body is not valid JSON: '}' is an invalid start of a value (line 1, byte 13).", BadRequestMessage.For(exception));
    }

    [Fact]
    public void Our_own_converters_messages_are_kept_with_the_field()
    {
        var exception = new JsonException("'soon' is not an ISO-8601 timestamp such as 2026-01-01T00:00:00Z.", "$.occurred_at", null, null);

        Assert.Equal("Invalid request: occurred_at: 'soon' is not an ISO-8601 timestamp such as 2026-01-01T00:00:00Z.", BadRequestMessage.For(exception));
    }

    [Theory]
    [InlineData("""Failed to read parameter "ReplayBody body" from the request body as JSON.""", "Invalid request: the body must be an object.")]
    [InlineData("""Required parameter "ReplayBody body" was not provided from body.""", "Invalid request: a JSON body is required.")]
    [InlineData("""Implicit body inferred for parameter "ReplayBody body" but no body was provided. Did you mean to use a Service instead?""", "Invalid request: a JSON body is required.")]
    [InlineData("""Required parameter "string reason" was not provided from query string.""", "Invalid request: reason is required.")]
    [InlineData("""Failed to bind parameter "Guid id" from "abc".""", "Invalid request: 'abc' is not a UUID for id.")]
    [InlineData("""Failed to bind parameter "int number" from "twelve".""", "Invalid request: 'twelve' is not a whole number for number.")]
    [InlineData("""Failed to bind parameter "DateTimeOffset? since" from "soon".""", "Invalid request: 'soon' is not an ISO-8601 timestamp for since.")]
    [InlineData("""Something nobody expected about "Billing.Internal.Thing".""", "Invalid request: the request could not be read.")]
    public void ASP_NET_binding_failures_are_told_in_the_APIs_terms(string aspNetMessage, string expected)
    {
        var inner = aspNetMessage.StartsWith("Failed to read", StringComparison.Ordinal) ? Reading("[1]") : null;

        var exception = inner is null
            ? new BadHttpRequestException(aspNetMessage, StatusCodes.Status400BadRequest)
            : new BadHttpRequestException(aspNetMessage, StatusCodes.Status400BadRequest, inner);

        Assert.Equal(expected, BadRequestMessage.For(exception));
    }
}
