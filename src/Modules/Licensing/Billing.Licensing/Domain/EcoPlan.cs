namespace Billing.Licensing.Domain;

/// <summary>
/// The Eco dyno plan (heroku-billing-rules §4 table A, §8.4): one flat monthly fee per account for a pool of dyno
/// hours shared by all its Eco dynos. Priced through <see cref="PriceVersion"/> like any item (cents per month,
/// <see cref="PriceVersion.IncludedUnits"/> = the pool's hours), under a fixed id of ours: legacy has no such record.
/// </summary>
internal static class EcoPlan
{
    public static readonly Guid Id = Guid.Parse("0e4c3b7a-5c1d-4f8e-9a2b-6d7e8f901234");

    public const string Name = "eco";

    /// <summary>2026 list: $5 for a 1,000-hour pool.</summary>
    public static readonly PriceTerms List2026 = new(500, "month", IncludedUnits: 1000);
}
