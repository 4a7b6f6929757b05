using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// Per-token request budget as a generic cell-rate algorithm (GCRA), which is how Heroku describes its
/// limiter: one "theoretical arrival time" per key, integer ticks, no timers. Budgets are per host instance.
/// </summary>
public sealed class TokenBucketLimiter(TimeProvider time, IOptions<RateLimitOptions> options)
{
    private readonly ConcurrentDictionary<string, StrongBox> _arrivals = new(StringComparer.Ordinal);

    private long Interval => TimeSpan.TicksPerHour / Math.Max(1, options.Value.RequestsPerHour);

    private int Burst => options.Value.Burst ?? options.Value.RequestsPerHour;

    /// <summary>Takes one request from the key's budget. Returns whether it was allowed and what remains.</summary>
    public (bool Allowed, int Remaining) TryAcquire(string key)
    {
        var now = time.GetUtcNow().UtcTicks;
        var box = _arrivals.GetOrAdd(key, _ => new StrongBox(now));
        lock (box)
        {
            var tat = Math.Max(box.Tat, now);
            var newTat = tat + Interval;
            var allowAt = newTat - (Burst * Interval);
            if (now < allowAt)
            {
                return (false, Remaining(box.Tat, now));
            }

            box.Tat = newTat;
            return (true, Remaining(newTat, now));
        }
    }

    /// <summary>What the key has left, without spending any (for <c>GET /account/rate-limits</c>).</summary>
    public int Peek(string key)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (!_arrivals.TryGetValue(key, out var box))
        {
            return Burst;
        }

        lock (box)
        {
            return Remaining(box.Tat, now);
        }
    }

    private int Remaining(long tat, long now)
    {
        var used = Math.Max(0, tat - now);
        var remaining = (Burst * Interval - used) / Interval;
        return (int)Math.Clamp(remaining, 0, Burst);
    }

    private sealed class StrongBox(long tat)
    {
        public long Tat { get; set; } = tat;
    }
}
