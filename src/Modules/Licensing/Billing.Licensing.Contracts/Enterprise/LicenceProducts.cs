namespace Billing.Licensing.Contracts.Enterprise;

/// <summary>
/// What an Enterprise contract licenses per month (heroku-billing-rules §6), by wire code. Quantities are in the
/// product's own unit: dyno units (precise_dyno_units × dyno-months), add-on/data/partner/space credits (dollars of
/// list price × fraction of the month), Connect rows (the month's maximum synced).
/// </summary>
public static class LicenceProducts
{
    public const string DynoUnits = "dyno_units";

    /// <summary>General add-on credits: spent on partner and Heroku data add-ons alike.</summary>
    public const string AddonCredits = "addon_credits";

    public const string DataCredits = "data_credits";

    public const string PartnerCredits = "partner_credits";

    public const string SpaceCredits = "space_credits";

    public const string ConnectRows = "connect_rows";

    public static readonly IReadOnlyList<string> All = Array.AsReadOnly(new[] { DynoUnits, AddonCredits, DataCredits, PartnerCredits, SpaceCredits, ConnectRows });
}
