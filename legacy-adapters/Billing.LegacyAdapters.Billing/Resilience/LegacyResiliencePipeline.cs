using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Billing.LegacyAdapters.Billing.Resilience;

/// <summary>
/// Total timeout → retry (repeatable requests only) → circuit breaker → per-attempt timeout, outermost first,
/// the same order as Microsoft's standard handler but with our own retry rule.
/// </summary>
internal static class LegacyResiliencePipeline
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, LegacyBillingOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        pipeline
            .AddTimeout(options.TotalTimeout)
            .AddRetry(Retry(options))
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                // The breaker must see at least two attempts' worth of time to judge a failure ratio.
                SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * options.AttemptTimeout.Ticks)),
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.AttemptTimeout);
    }

    private static HttpRetryStrategyOptions Retry(LegacyBillingOptions options)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            Delay = options.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        };
        var isTransient = retry.ShouldHandle;
        retry.ShouldHandle = args =>
            RetryEligibility.IsRepeatable(args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage())
                ? isTransient(args)
                : ValueTask.FromResult(false);
        return retry;
    }
}
