using Billing.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Http;

namespace Billing.BuildingBlocks.Http;

/// <summary>Spends one unit of the caller's token budget per request and reports what is left in <c>RateLimit-Remaining</c>.</summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, TokenBucketLimiter limiter)
{
    public const string Header = "RateLimit-Remaining";

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.User.FindFirst(BillingClaims.TokenId)?.Value;
        if (key is null || context.GetEndpoint()?.Metadata.GetMetadata<FreeOfRateLimitMetadata>() is not null)
        {
            if (key is not null)
            {
                context.Response.Headers[Header] = limiter.Peek(key).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await next(context);
            return;
        }

        var (allowed, remaining) = limiter.TryAcquire(key);
        context.Response.Headers[Header] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!allowed)
        {
            await HerokuError.WriteAsync(context, StatusCodes.Status429TooManyRequests, new HerokuError(
                ErrorIds.RateLimit, "Your account reached the API rate limit. Please wait a few minutes before making new requests.",
                Url: "https://devcenter.heroku.com/articles/platform-api-reference#rate-limits"));
            return;
        }

        await next(context);
    }
}

/// <summary>Endpoints that do not spend a request (e.g. <c>GET /account/rate-limits</c>).</summary>
public sealed class FreeOfRateLimitMetadata
{
    public static readonly FreeOfRateLimitMetadata Instance = new();

    private FreeOfRateLimitMetadata()
    {
    }
}
