using System.Net;
using System.Net.Http.Json;
using Billing.IntegrationTests.Infrastructure;

namespace Billing.IntegrationTests.Licensing;

/// <summary>Publishing a new add-on service: audited through its event, then served by the catalogue reads.</summary>
public sealed class AddonServicePublishingTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task A_published_service_is_listed_and_announced_with_its_reason()
    {
        var response = await Admin().PostAsJsonAsync("/admin/licensing/addon-services",
            new { name = "heroku-kafka", human_name = "Apache Kafka on Heroku", state = "beta", supports_sharing = true, reason = "kafka goes beta" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        var anonymous = Client(token: null);
        var listed = (await (await anonymous.GetAsync("/addon-services")).JsonAsync()).EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("heroku-kafka", listed);
        var served = await (await anonymous.GetAsync("/addon-services/heroku-kafka")).JsonAsync();
        Assert.Equal(created.GetProperty("id").GetString(), served.GetProperty("id").GetString());
        Assert.Equal("beta", served.GetProperty("state").GetString());
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.addon_service_published.v1' AND payload LIKE '%kafka goes beta%'"));
    }

    [Fact]
    public async Task Duplicates_and_bad_input_are_422s_naming_their_fields_and_nothing_is_saved()
    {
        var admin = Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/admin/licensing/addon-services",
            new { name = "heroku-redis", human_name = "Heroku Key-Value Store", state = "ga", reason = "launch" })).StatusCode);

        var duplicate = await admin.PostAsJsonAsync("/admin/licensing/addon-services",
            new { name = "heroku-redis", human_name = "Again", state = "ga", reason = "again" });
        var invalid = await admin.PostAsJsonAsync("/admin/licensing/addon-services", new { name = "Bad Name!", state = "retired" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Equal(["name"], await FieldNamesAsync(duplicate));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(["human_name", "name", "reason", "state"], await FieldNamesAsync(invalid));
        Assert.Equal(1, await Fixture.CountAsync("licensing.addon_services"));
        Assert.Equal(1, await Fixture.CountAsync("licensing.outbox_messages", "type = 'licensing.addon_service_published.v1'"));
    }

    [Fact]
    public async Task Publishing_a_service_needs_an_admin()
    {
        var customer = ApiClients.Create(Factory, (await IssueTokenAsync("customer", Guid.NewGuid())).Token);

        var response = await customer.PostAsJsonAsync("/admin/licensing/addon-services", new { name = "heroku-kafka", human_name = "Kafka", state = "ga", reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await Fixture.CountAsync("licensing.addon_services"));
    }

    private static async Task<List<string?>> FieldNamesAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).Order(StringComparer.Ordinal).ToList();
}
