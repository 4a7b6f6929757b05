namespace Billing.Licensing.Domain;

/// <summary>Answers "what did X cost at instant T" from an item's versions.</summary>
internal static class PriceHistory
{
    /// <summary>The version in force at <paramref name="at"/>: the latest whose <c>EffectiveFrom</c> is not after it; null before the first.</summary>
    public static PriceVersion? InForceAt(IEnumerable<PriceVersion> versions, DateTimeOffset at) =>
        versions.Where(v => v.EffectiveFrom <= at).MaxBy(v => v.EffectiveFrom);

    /// <summary>When the version in force at <paramref name="at"/> stops applying (the next one's start), if a later one is known.</summary>
    public static DateTimeOffset? EffectiveUntil(IEnumerable<PriceVersion> versions, DateTimeOffset at) =>
        versions.Where(v => v.EffectiveFrom > at).Select(v => (DateTimeOffset?)v.EffectiveFrom).Min();
}
