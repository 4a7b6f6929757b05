namespace Billing.BuildingBlocks.Http;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Heroku's default budget: 4,500 requests per token per hour, refilled continuously.</summary>
    public int RequestsPerHour { get; set; } = 4500;

    /// <summary>How many requests a full bucket allows at once; Heroku's bucket holds the whole hour's budget.</summary>
    public int? Burst { get; set; }
}
