using System.Diagnostics;
using System.Net;
using Billing.BuildingBlocks.Http;
using Billing.Host.Strangler.PassThrough;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Billing.Host.Strangler;

/// <summary>
/// Sends a request to a legacy service as it came (method, path, query, headers, body, streamed) and
/// streams the answer back unchanged. A legacy service that is down answers a fast 502
/// <c>bad_gateway</c>, one that is too slow a 504 <c>gateway_timeout</c>, never a hang.
/// </summary>
public sealed class LegacyForwarder : IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly Dictionary<string, Target> _services;

    public LegacyForwarder(IHttpForwarder forwarder, IOptions<StranglerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _forwarder = forwarder;
        _services = options.Value.Services
            .Where(s => s.Value.BaseUrl is { IsAbsoluteUri: true })
            .ToDictionary(
                s => s.Key,
                s => new Target(new HttpMessageInvoker(new SocketsHttpHandler
                {
                    UseProxy = false,
                    AllowAutoRedirect = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    UseCookies = false,
                    ConnectTimeout = s.Value.ConnectTimeout,
                    PooledConnectionIdleTimeout = s.Value.PooledConnectionIdleTimeout,
                    ActivityHeadersPropagator = null,
                }), s.Value, PassThroughFor(s.Value, time)),
                StringComparer.OrdinalIgnoreCase);
    }

    public bool Knows(string service) => _services.ContainsKey(service);

    // Plain HTTP only: a service behind TLS keeps YARP for every request.
    private static PassThroughForwarder? PassThroughFor(LegacyServiceOptions options, TimeProvider time) =>
        options.PassThrough && options.BaseUrl!.Scheme == Uri.UriSchemeHttp ? new PassThroughForwarder(options.BaseUrl, options, time) : null;

    /// <summary>Forwards and returns the legacy status (or the 502/504 written instead) and the time it took.</summary>
    public async Task<(int Status, TimeSpan Elapsed)> ForwardAsync(HttpContext context, string service)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The answer is legacy's own (status-code pages run after the strangler edge, ADR 0042); the host adds nothing
        // but its Request-Id, which it also sends upstream.
        if (!_services.TryGetValue(service, out var target))
        {
            // A host running without legacy (the embedded default) simply does not have the route.
            await HerokuError.WriteAsync(context, StatusCodes.Status404NotFound, ErrorIds.NotFound,
                "The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your intended version with the `Accept` header?");
            return (StatusCodes.Status404NotFound, TimeSpan.Zero);
        }

        if (string.IsNullOrEmpty(context.Request.Headers["Request-Id"]))
        {
            context.Request.Headers["Request-Id"] = context.TraceIdentifier;
        }

        var started = Stopwatch.GetTimestamp();
        if (target.PassThrough is { } passThrough && PassThroughForwarder.CanForward(context.Request))
        {
            var outcome = await passThrough.ForwardAsync(context);
            if (outcome != PassThroughOutcome.NotHandled)
            {
                var forwarded = Stopwatch.GetElapsedTime(started);
                return outcome switch
                {
                    PassThroughOutcome.Forwarded => (context.Response.StatusCode, forwarded),
                    PassThroughOutcome.ClientGone => (StatusCodes.Status499ClientClosedRequest, forwarded),
                    _ => (await WriteFailureAsync(context, service, target, outcome == PassThroughOutcome.TimedOut), forwarded),
                };
            }
        }

        var error = await _forwarder.SendAsync(context, target.Prefix, target.Client, target.Config, HttpTransformer.Empty);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (error == ForwarderError.None)
        {
            return (context.Response.StatusCode, elapsed);
        }

        var timedOut = error == ForwarderError.RequestTimedOut
            || context.Features.Get<IForwarderErrorFeature>()?.Exception is TaskCanceledException or TimeoutException;
        return (await WriteFailureAsync(context, service, target, timedOut), elapsed);
    }

    private static async Task<int> WriteFailureAsync(HttpContext context, string service, Target target, bool timedOut)
    {
        var status = timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await HerokuError.WriteAsync(context, status, timedOut ? ErrorIds.GatewayTimeout : ErrorIds.BadGateway,
                timedOut
                    ? $"The legacy {service} service did not answer within {target.Options.Timeout.TotalSeconds:0.#} s."
                    : $"The legacy {service} service is unavailable.");
        }

        return status;
    }

    public void Dispose()
    {
        foreach (var target in _services.Values)
        {
            target.Client.Dispose();
            target.PassThrough?.Dispose();
        }
    }

    /// <summary>A legacy service with what every request to it needs, computed once.</summary>
    private sealed class Target(HttpMessageInvoker client, LegacyServiceOptions options, PassThroughForwarder? passThrough)
    {
        public HttpMessageInvoker Client { get; } = client;

        /// <summary>The lean path for bodiless reads (ADR 0060); null when switched off for this service.</summary>
        public PassThroughForwarder? PassThrough { get; } = passThrough;

        public LegacyServiceOptions Options { get; } = options;

        public string Prefix { get; } = options.BaseUrl!.ToString();

        public ForwarderRequestConfig Config { get; } = new() { ActivityTimeout = options.Timeout };
    }
}
