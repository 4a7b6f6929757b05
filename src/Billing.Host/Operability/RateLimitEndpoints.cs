using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;

namespace Billing.Host.Operability;

internal static class RateLimitEndpoints
{
    /// <summary><c>GET /account/rate-limits</c>: what the caller's token has left; it does not spend a request.</summary>
    public static void MapRateLimits(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("platform").MapGet("/account/rate-limits", (HttpContext context, TokenBucketLimiter limiter) =>
            TypedResults.Ok(new { remaining = limiter.Peek(context.User.FindFirst(BillingClaims.TokenId)!.Value) }))
            .WithMetadata(FreeOfRateLimitMetadata.Instance);
    }
}
