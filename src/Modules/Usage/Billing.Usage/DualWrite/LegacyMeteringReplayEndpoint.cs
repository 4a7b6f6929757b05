using Billing.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Billing.Usage.DualWrite;

/// <summary>Operators, rolling the intake back to Legacy after dual-write was turned off (docs/migration-playbook.md).</summary>
internal static class LegacyMeteringReplayEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/admin/usage/replay-to-legacy", async (MeteringReplayBody? body, Caller caller, LegacyMeteringReplay replay, CancellationToken ct) =>
            TypedResults.Ok(await replay.ReplayAsync(body?.Since, body?.Reason, caller.TokenId, ct)));
}

internal sealed record MeteringReplayBody(DateTimeOffset? Since, string? Reason);
