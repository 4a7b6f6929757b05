namespace Billing.Host.Access;

public sealed class AccessOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The first admin token, from configuration (environment <c>Auth__BootstrapAdminToken</c>). Only its
    /// hash is kept in memory; use it to issue real tokens, then remove it.
    /// </summary>
    public string? BootstrapAdminToken { get; set; }

    /// <summary>How long a token lookup is cached; a revocation reaches other instances within this time.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}
