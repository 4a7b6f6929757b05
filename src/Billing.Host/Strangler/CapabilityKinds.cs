using Billing.BuildingBlocks.Http;
using Microsoft.Extensions.Options;

namespace Billing.Host.Strangler;

/// <summary>
/// Which capabilities only write, i.e. can never be shadowed (ADR 0012). Derived from the endpoints that
/// carry the capability, by the HTTP method each one accepts, with the same rule the middleware applies
/// per request (<see cref="IsShadowable"/>): a hand-kept "writes" flag next to <c>WithCapability</c> could
/// say one thing while the endpoint's verb says another, and only the verb decides what is shadowed.
/// </summary>
internal sealed class CapabilityKinds(EndpointDataSource endpoints)
{
    /// <summary>Only reads are shadowed: running a write on both sides would apply it twice.</summary>
    public static bool IsShadowable(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    /// <summary>
    /// True when every endpoint of the capability is a write (POST, PUT, PATCH, DELETE), so Shadow would
    /// serve all of it from legacy and compare nothing. A capability no endpoint carries is not write-only:
    /// nothing is known of it, and its mode has no effect.
    /// </summary>
    /// <remarks>
    /// Looked up afresh on each call (an admin switch, the start-up check), never cached: the endpoints exist
    /// only once the host has mapped them, and a set taken earlier would stay wrong for the process's life.
    /// </remarks>
    public bool IsWriteOnly(string capability)
    {
        var carried = false;
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<CapabilityMetadata>()?.Name != capability)
            {
                continue;
            }

            // No method metadata: the endpoint answers every method, GET included.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is null || methods.Count == 0 || methods.Any(IsShadowable))
            {
                return false;
            }

            carried = true;
        }

        return carried;
    }
}

/// <summary>
/// Start-up check: a configured default of Shadow for a write-only capability stops the host, as the run-time
/// switch refuses it, rather than being silently served by legacy (the operator meant to compare something).
/// </summary>
/// <remarks>
/// A start-up filter, not <c>ValidateOnStart</c>: options are validated before the request pipeline is built,
/// when the endpoints (whose HTTP methods tell the writes) are not yet visible; the filter runs once they are,
/// still before the server takes a request.
/// </remarks>
internal sealed class StranglerStartupCheck(CapabilityKinds kinds, IOptions<StranglerOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        var failures = options.Value.Capabilities
            .Where(c => c.Value.Mode == CutOverMode.Shadow && kinds.IsWriteOnly(c.Key))
            .Select(c => $"{StranglerOptions.Section}:Capabilities:{c.Key}:Mode is Shadow, but {WritesNeverShadowed(c.Key)}.")
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(StranglerOptions.Section, typeof(StranglerOptions), failures);
        }
    };

    /// <summary>The explanation shared by the start-up check and the 422 of <c>PUT /admin/migration/{capability}</c>.</summary>
    internal static string WritesNeverShadowed(string capability) =>
        $"{capability} only writes, and writes are never shadowed (running them on both sides would apply them twice, ADR 0012): " +
        "choose legacy or new (with canary_percent to move a share of accounts first); to keep legacy complete while its reads " +
        "are compared, use the module's dual-write where it has one (usage.events.ingest: Usage:DualWriteToLegacy, ADR 0030)";
}
