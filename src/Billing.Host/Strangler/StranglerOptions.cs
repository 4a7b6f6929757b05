namespace Billing.Host.Strangler;

/// <summary>How requests reach the legacy services and which capabilities are migrated (section <c>Strangler</c>).</summary>
public sealed class StranglerOptions
{
    public const string Section = "Strangler";

    /// <summary>Legacy services by name (<c>billing</c>, <c>metering</c>).</summary>
    public Dictionary<string, LegacyServiceOptions> Services { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Path prefix → owning legacy service; the longest matching prefix wins.</summary>
    public Dictionary<string, string> Routes { get; } = new(StringComparer.Ordinal);

    /// <summary>The service that owns any path no route names.</summary>
    public string DefaultService { get; set; } = "billing";

    /// <summary>Configured (default) cut-over state per capability; run-time overrides live in the database.</summary>
    public Dictionary<string, CapabilityOptions> Capabilities { get; } = new(StringComparer.Ordinal);

    /// <summary>How often each instance re-reads the overrides; a switch reaches every instance within this.</summary>
    public TimeSpan OverridePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Shadow candidates running at once per instance; beyond it a comparison is skipped, never queued.</summary>
    public int ShadowConcurrency { get; set; } = 16;

    /// <summary>Mismatch samples kept per capability.</summary>
    public int MismatchSamples { get; set; } = 100;
}

public sealed class LegacyServiceOptions
{
    public Uri? BaseUrl { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait for the legacy service's response before the client gets 504.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a kept-alive connection to the service may sit unused before it is closed.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Bodiless reads (GET, HEAD) go over the host's own HTTP/1.1 connections (ADR 0060); false sends
    /// them through YARP like every other request.
    /// </summary>
    public bool PassThrough { get; set; } = true;
}

public sealed class CapabilityOptions
{
    public CutOverMode Mode { get; set; } = CutOverMode.Legacy;

    /// <summary>Share of accounts (0–100, by a stable hash of the account id) that the mode applies to; the rest stay on legacy.</summary>
    public int CanaryPercent { get; set; } = 100;

    /// <summary>Legacy service that owns the capability while it is not migrated.</summary>
    public string? Service { get; set; }

    /// <summary>JSON property names left out of shadow comparisons (at any depth), e.g. <c>updated_at</c>.</summary>
    public List<string> IgnoredFields { get; } = [];

    public TimeSpan CandidateTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

public enum CutOverMode
{
    Legacy,
    Shadow,
    New,
}
