using System.Collections.Frozen;
using Billing.BuildingBlocks.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Billing.Host.Strangler;

/// <summary>A capability's effective cut-over state: the configured default, or the run-time override.</summary>
public sealed record CapabilityState(
    string Name,
    CutOverMode Mode,
    int CanaryPercent,
    string? Service,
    IReadOnlyList<string> IgnoredFields,
    TimeSpan CandidateTimeout,
    bool Overridden,
    string? ChangedBy,
    DateTimeOffset? ChangedAt,
    string? Reason);

/// <summary>
/// The current state of every capability, held in memory so that deciding a request costs a dictionary
/// read; <see cref="RefreshAsync"/> reloads the overrides (every instance polls, see <see cref="CapabilityOverridePoller"/>).
/// </summary>
public sealed class CapabilityRegistry(IOptions<StranglerOptions> options, IServiceScopeFactory scopes)
{
    private volatile FrozenDictionary<string, CapabilityState> _states = Build(options.Value, []);

    public IReadOnlyCollection<CapabilityState> All => _states.Values;

    /// <summary>Unknown capabilities (an endpoint tagged but not configured) are served new: the code exists, nothing says otherwise.</summary>
    public CapabilityState Get(string name) =>
        _states.TryGetValue(name, out var state)
            ? state
            : new CapabilityState(name, CutOverMode.New, 100, null, [], TimeSpan.FromSeconds(2), false, null, null, null);

    public bool IsKnown(string name) => _states.ContainsKey(name);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StranglerDbContext>();
        var overrides = await db.Overrides.AsNoTracking().ToListAsync(cancellationToken);
        _states = Build(options.Value, overrides);
    }

    private static FrozenDictionary<string, CapabilityState> Build(StranglerOptions options, IReadOnlyList<CapabilityOverride> overrides)
    {
        var byName = overrides.ToDictionary(o => o.Capability, StringComparer.Ordinal);
        return options.Capabilities.ToFrozenDictionary(
            c => c.Key,
            c => byName.TryGetValue(c.Key, out var o)
                ? new CapabilityState(c.Key, o.Mode, o.CanaryPercent, c.Value.Service, c.Value.IgnoredFields, c.Value.CandidateTimeout, true, o.ChangedBy, o.ChangedAt, o.Reason)
                : new CapabilityState(c.Key, c.Value.Mode, c.Value.CanaryPercent, c.Value.Service, c.Value.IgnoredFields, c.Value.CandidateTimeout, false, null, null, null),
            StringComparer.Ordinal);
    }
}

/// <summary>Re-reads the overrides on every instance, so a switch made anywhere applies everywhere within the poll interval.</summary>
internal sealed class CapabilityOverridePoller(CapabilityRegistry registry, IOptions<StranglerOptions> options, ILogger<CapabilityOverridePoller> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(
            options.Value.OverridePollInterval,
            registry.RefreshAsync,
            ex => logger.LogWarning(ex, "Could not refresh capability overrides; keeping the last known state"),
            stoppingToken);
}
