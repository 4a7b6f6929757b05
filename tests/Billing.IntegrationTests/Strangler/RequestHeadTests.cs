using System.Text;
using Billing.Host.Strangler.PassThrough;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Billing.IntegrationTests.Strangler;

/// <summary>The request head the pass-through writes to legacy (ADR 0060), on requests built in memory.</summary>
public sealed class RequestHeadTests
{
    private static DefaultHttpContext Request(string rawTarget, params (string Name, string[] Values)[] fields)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        foreach (var (name, values) in fields)
        {
            context.Request.Headers[name] = values;
        }

        return context;
    }

    private static string Written(HttpContext context, string basePath = "", int room = 4096)
    {
        var into = new byte[room];
        var length = RequestHead.Write(context.Request, basePath, "legacy.internal:5301", into);
        return length switch
        {
            RequestHead.NotRepresentable => "<not representable>",
            0 => "<too small>",
            _ => Encoding.ASCII.GetString(into, 0, length),
        };
    }

    [Fact]
    public void The_head_carries_the_raw_target_under_the_base_path_and_every_field_but_the_hop_by_hop_ones()
    {
        var context = Request("/account/invoices?x=%20y",
            ("Host", ["billing.example"]), ("Range", ["id ..; max=1000"]), ("Connection", ["keep-alive"]), ("TE", ["trailers"]));

        Assert.Equal(
            "GET /legacy/account/invoices?x=%20y HTTP/1.1\r\nHost: billing.example\r\nRange: id ..; max=1000\r\n\r\n",
            Written(context, basePath: "/legacy"));
    }

    [Fact]
    public void A_client_without_a_host_field_gets_the_services()
    {
        var context = Request("/account", ("Accept", ["application/vnd.heroku+json; version=3"]));

        Assert.Equal(
            "GET /account HTTP/1.1\r\nHost: legacy.internal:5301\r\nAccept: application/vnd.heroku+json; version=3\r\n\r\n",
            Written(context));
    }

    [Fact]
    public void A_repeated_field_or_a_non_ascii_value_is_left_to_the_general_forwarder()
    {
        Assert.Equal("<not representable>", Written(Request("/account", ("Host", ["h"]), ("X-Variant", ["a", "b"]))));
        Assert.Equal("<not representable>", Written(Request("/account", ("Host", ["h"]), ("X-Name", ["Zoë"]))));
    }

    [Fact]
    public void A_head_that_does_not_fit_asks_for_more_room_instead_of_being_cut()
    {
        var context = Request("/account", ("Host", ["h"]), ("X-Long", [new string('a', 200)]));

        Assert.Equal("<too small>", Written(context, room: 100));
        Assert.EndsWith(new string('a', 200) + "\r\n\r\n", Written(context, room: 400), StringComparison.Ordinal);
    }
}
