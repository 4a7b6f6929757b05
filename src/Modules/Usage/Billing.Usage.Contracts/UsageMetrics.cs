namespace Billing.Usage.Contracts;

/// <summary>
/// Wire names of the metrics producers report (the legacy Elixir intake's names where it had one).
/// Gauges hold their value until the next event for the same (app, metric, subject); their usage is
/// the time-weighted integral to the second. Counters add up within a period.
/// </summary>
public static class UsageMetrics
{
    /// <summary>Gauge: <c>value</c> dynos of <c>size</c> run for <c>process_type</c> from <c>occurred_at</c> on. Subject = process type, variant = size name.</summary>
    public const string FormationQuantity = "formation.quantity";

    /// <summary>Gauge: 1 while add-on <c>addon_id</c> is provisioned on <c>plan_id</c>, 0 once deprovisioned. Subject = add-on id, variant = plan id.</summary>
    public const string AddonPlan = "addon.plan";

    /// <summary>Gauge: space credits per month a private space accrues. Subject = space name.</summary>
    public const string SpaceCredits = "space.credits";

    /// <summary>Counter (the month's maximum is reported): Heroku Connect rows synced.</summary>
    public const string ConnectRows = "connect.rows";
}
