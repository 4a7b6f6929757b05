namespace Billing.Invoicing.Domain.Rating;

/// <summary>
/// The rules of rating that are inferences rather than published facts, made explicit and configurable
/// (<c>Invoicing:Rating</c>; ADR 0022). The defaults reproduce the legacy invoices exactly.
/// </summary>
internal sealed record RatingPolicy
{
    /// <summary>Seconds in the "standardized" billing month the monthly price is divided by (720 h).</summary>
    public long BillingMonthSeconds { get; init; } = 2_592_000;

    /// <summary>The dyno size whose usage is covered by the Eco flat fee instead of per-dyno lines.</summary>
    public string EcoSizeName { get; init; } = "eco";

    /// <summary>Flat fee for a month in which any Eco dyno of a personal account ran.</summary>
    public long EcoFlatFeeCents { get; init; } = 500;

    /// <summary>
    /// Add-on services whose plans are Heroku data add-ons (a team invoice's <c>database_total</c>);
    /// every other service is a partner add-on (<c>addons_total</c>, excluded from program credits).
    /// </summary>
    public IReadOnlyList<string> DataAddonServices { get; init; } = ["heroku-postgresql", "heroku-redis", "heroku-kafka"];

    public static RatingPolicy Legacy { get; } = new();
}
