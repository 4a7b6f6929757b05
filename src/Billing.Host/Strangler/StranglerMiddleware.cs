using System.Collections.Concurrent;
using System.Diagnostics;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Microsoft.AspNetCore.Authentication;

namespace Billing.Host.Strangler;

/// <summary>
/// Decides, per request, who answers: the legacy service (unserved routes, and capabilities in Legacy
/// mode or outside their canary), the new module (New), or legacy with the new code as a shadow
/// candidate (Shadow, reads only). Runs right after routing, before the host's own authentication,
/// so a forwarded request reaches legacy exactly as the client sent it.
/// </summary>
internal sealed class StranglerMiddleware(
    RequestDelegate next,
    LegacyForwarder forwarder,
    LegacyRouteMap routes,
    CapabilityRegistry registry,
    MigrationFigures figures,
    ShadowRunner shadow)
{
    public const string FallbackCapability = "fallback";

    // "fallback:<service>" per service, built once rather than on every forwarded request.
    private readonly ConcurrentDictionary<string, string> _fallbackNames = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<LegacyFallbackMetadata>() is not null)
        {
            var service = routes.ServiceFor(context.Request.Path);
            var (_, elapsed) = await forwarder.ForwardAsync(context, service);
            figures.Served(_fallbackNames.GetOrAdd(service, static s => $"{FallbackCapability}:{s}"), Side.Legacy, elapsed);
            return;
        }

        var capability = endpoint?.Metadata.GetMetadata<CapabilityMetadata>();
        if (capability is null)
        {
            await next(context);
            return;
        }

        var state = registry.Get(capability.Name);
        var mode = state.Mode;
        string? callerKey = null;
        if (mode != CutOverMode.Legacy)
        {
            callerKey = await CallerKeyAsync(context);
            if (!CanaryBucket.IsIn(callerKey, state.CanaryPercent))
            {
                mode = CutOverMode.Legacy;
            }
        }

        if (mode == CutOverMode.Shadow && !CapabilityKinds.IsShadowable(context.Request.Method))
        {
            // Writes are never shadowed: running both would apply the change twice. A write-only capability
            // cannot be put in Shadow (switch and start-up check refuse it); this is a write of a mixed one.
            mode = CutOverMode.Legacy;
        }

        var owner = state.Service ?? routes.ServiceFor(context.Request.Path);
        switch (mode)
        {
            case CutOverMode.Legacy:
                figures.Served(state.Name, Side.Legacy, (await forwarder.ForwardAsync(context, owner)).Elapsed);
                return;
            case CutOverMode.Shadow:
                await ServeShadowedAsync(context, state, owner, callerKey);
                return;
            default:
                var started = Stopwatch.GetTimestamp();
                await next(context);
                figures.Served(state.Name, Side.New, Stopwatch.GetElapsedTime(started));
                return;
        }
    }

    private async Task ServeShadowedAsync(HttpContext context, CapabilityState state, string owner, string? callerKey)
    {
        var candidate = context.User.Identity?.IsAuthenticated == true ? ShadowRunner.Capture(context, state, callerKey) : null;
        var original = context.Response.Body;
        await using var tee = new TeeStream(original);
        context.Response.Body = tee;
        int status;
        TimeSpan elapsed;
        try
        {
            (status, elapsed) = await forwarder.ForwardAsync(context, owner);
        }
        finally
        {
            context.Response.Body = original;
        }

        figures.Served(state.Name, Side.Legacy, elapsed);
        if (candidate is null || status is StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout or StatusCodes.Status499ClientClosedRequest || tee.Overflowed)
        {
            // Nothing to compare against: the host cannot act as this caller, legacy did not answer, or the client left mid-answer.
            figures.Compared(state.Name, ShadowOutcome.Skipped, null);
            return;
        }

        shadow.Start(candidate, new ShadowRunner.LegacyResult(status, tee.Captured()));
    }

    /// <summary>The account the request acts for (for canary bucketing), via the host's own token store; null if the host does not know the token.</summary>
    private static async Task<string?> CallerKeyAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync();
        if (!result.Succeeded)
        {
            return null;
        }

        context.User = result.Principal;
        return result.Principal.FindFirst(BillingClaims.AccountId)?.Value ?? result.Principal.FindFirst(BillingClaims.TokenId)?.Value;
    }
}

/// <summary>Marks the lowest-priority catch-all endpoint: anything the host does not serve goes to legacy.</summary>
public sealed class LegacyFallbackMetadata
{
    public static readonly LegacyFallbackMetadata Instance = new();

    private LegacyFallbackMetadata()
    {
    }
}
