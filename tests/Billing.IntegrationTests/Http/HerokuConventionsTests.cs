using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Http;

public sealed class HerokuConventionsTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Theory]
    [InlineData("application/vnd.heroku+json; version=3")]
    [InlineData("application/vnd.heroku+json; version=3.sdk")]
    [InlineData("application/json")]
    [InlineData("*/*")]
    public async Task Accepted_media_types_are_served(string accept)
    {
        var response = await Client(BillingApiFactory.AdminToken, accept).GetAsync("/dyno-sizes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("application/vnd.heroku+json; version=2")]
    [InlineData("application/vnd.heroku+json")]
    [InlineData("text/html")]
    public async Task Unsupported_accept_is_406_not_acceptable(string accept)
    {
        var response = await Client(BillingApiFactory.AdminToken, accept).GetAsync("/dyno-sizes");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal("not_acceptable", await response.ErrorIdAsync());
    }

    [Fact]
    public async Task Non_json_body_is_415()
    {
        var response = await Admin().PostAsync("/admin/licensing/dyno-sizes", new StringContent("name=basic", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await response.ErrorIdAsync());
    }

    [Theory]
    [InlineData("{\"name\": \"basic\",", "Invalid request: the body is not valid JSON: ")]
    [InlineData("{\"name\": \"basic\", \"compute\": \"two\"}", "Invalid request: compute must be a whole number.")]
    [InlineData("{\"name\": \"basic\", \"cost\": {\"cents\": true}}", "Invalid request: cost.cents must be a whole number.")]
    [InlineData("[1,2]", "Invalid request: the body must be an object.")]
    [InlineData("[1,2", "Invalid request: the body must be an object.")]
    [InlineData("", "Invalid request: a JSON body is required.")]
    public async Task Malformed_json_is_400_bad_request_saying_what_is_wrong_in_JSON_terms(string body, string message)
    {
        var response = await Admin().PostAsync("/admin/licensing/dyno-sizes", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal("bad_request", error.GetProperty("id").GetString());
        var text = error.GetProperty("message").GetString()!;
        Assert.StartsWith(message, text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Billing.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_fields_are_422_with_every_field_named_and_nothing_saved()
    {
        var response = await Admin().PublishDynoSizeAsync("Not A Name", cents: -1, units: 0.125m);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("invalid_params", body.GetProperty("id").GetString());
        var fields = body.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).ToList();
        Assert.Equal(["name", "cost.cents", "precise_dyno_units"], fields);
        Assert.Contains("name", body.GetProperty("message").GetString());
        var list = await (await Admin().GetAsync("/dyno-sizes")).JsonAsync();
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task Duplicate_name_is_409_conflict()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin().PublishDynoSizeAsync("basic")).StatusCode);

        var again = await Admin().PublishDynoSizeAsync("basic");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("conflict", await again.ErrorIdAsync());
    }

    [Fact]
    public async Task Unknown_route_and_unknown_resource_are_404_not_found()
    {
        var route = await Admin().GetAsync("/no-such-thing");
        var resource = await Admin().GetAsync("/dyno-sizes/performance-xxl");

        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Equal("not_found", await route.ErrorIdAsync());
        Assert.Equal(HttpStatusCode.NotFound, resource.StatusCode);
        Assert.Equal("not_found", await resource.ErrorIdAsync());
    }

    [Fact]
    public async Task Dyno_size_is_found_by_id_or_by_name()
    {
        var created = await (await Admin().PublishDynoSizeAsync("standard-2x", cents: 5000, units: 2m)).JsonAsync();
        var id = created.GetProperty("id").GetString();

        var byName = await (await Admin().GetAsync("/dyno-sizes/standard-2x")).JsonAsync();
        var byId = await (await Admin().GetAsync($"/dyno-sizes/{id}")).JsonAsync();

        Assert.Equal(id, byName.GetProperty("id").GetString());
        Assert.Equal("standard-2x", byId.GetProperty("name").GetString());
        Assert.Equal(5000, byId.GetProperty("cost").GetProperty("cents").GetInt64());
        Assert.Equal("month", byId.GetProperty("cost").GetProperty("unit").GetString());
        Assert.False(byId.TryGetProperty("dyno_units", out _));
    }

    [Fact]
    public async Task Request_id_echoes_the_first_uuid_of_the_clients_list_or_is_generated()
    {
        var mine = Guid.NewGuid();
        var request = new HttpRequestMessage(HttpMethod.Get, "/dyno-sizes");
        request.Headers.TryAddWithoutValidation("Request-Id", $"{mine},{Guid.NewGuid()},{Guid.NewGuid()}");

        var echoed = await Admin().SendAsync(request);
        var generated = await Admin().GetAsync("/dyno-sizes");

        Assert.Equal(mine.ToString(), echoed.Headers.GetValues("Request-Id").Single());
        Assert.True(Guid.TryParse(generated.Headers.GetValues("Request-Id").Single(), out _));
    }

    [Fact]
    public async Task Etag_answers_304_when_nothing_changed_and_200_after_a_change()
    {
        await Admin().PublishDynoSizeAsync("basic", cents: 700, units: 0.28m);
        var first = await Admin().GetAsync("/dyno-sizes");
        var etag = first.Headers.ETag!;

        var unchanged = new HttpRequestMessage(HttpMethod.Get, "/dyno-sizes");
        unchanged.Headers.IfNoneMatch.Add(etag);
        var notModified = await Admin().SendAsync(unchanged);
        await Admin().PublishDynoSizeAsync("standard-1x");
        var changed = new HttpRequestMessage(HttpMethod.Get, "/dyno-sizes");
        changed.Headers.IfNoneMatch.Add(etag);
        var modified = await Admin().SendAsync(changed);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.NotEqual(etag, modified.Headers.ETag);
    }

    [Fact]
    public async Task Timestamps_are_utc_iso_8601_with_z()
    {
        var account = Guid.NewGuid();
        var credit = await (await Admin().GrantCreditAsync(account)).JsonAsync();

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", credit.GetProperty("created_at").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", credit.GetProperty("expires_at").GetString());
    }

    [Fact]
    public async Task Openapi_document_describes_the_module_routes()
    {
        var document = await Admin().GetStringAsync("/openapi/v1.json");

        Assert.Contains("/dyno-sizes", document);
        Assert.Contains("/account/credits", document);
    }
}
