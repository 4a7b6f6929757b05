namespace Billing.Licensing.Domain.Enterprise;

/// <summary>
/// What one team of an enterprise account consumed of a licensed product in a month, while a contract covered it,
/// as last recomputed from Usage's figures. Recomputation replaces <see cref="Consumed"/>: it is a measurement, not history.
/// </summary>
internal sealed class LicenceConsumption
{
    private LicenceConsumption()
    {
        Product = string.Empty;
    }

    public LicenceConsumption(Guid enterpriseAccountId, Guid teamId, DateTimeOffset monthStart, string product, decimal consumed, DateTimeOffset now)
        : this()
    {
        EnterpriseAccountId = enterpriseAccountId;
        TeamId = teamId;
        MonthStart = monthStart;
        Product = product;
        Consumed = consumed;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    public Guid EnterpriseAccountId { get; private set; }

    public Guid TeamId { get; private set; }

    public DateTimeOffset MonthStart { get; private set; }

    public string Product { get; private set; }

    public decimal Consumed { get; private set; }

    /// <summary>The instant the figure was measured as of: usage committed before it is in <see cref="Consumed"/>.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// When Usage last announced new usage of the team in the month without it being measured (ADR 0055): the figure is
    /// behind while this is later than <see cref="UpdatedAt"/>.
    /// </summary>
    public DateTimeOffset? UsageChangedAt { get; private set; }

    public void Measure(decimal consumed, DateTimeOffset now)
    {
        Consumed = consumed;
        UpdatedAt = now;
    }
}

/// <summary>
/// The record that a threshold was crossed for a licence in a month. Its unique key (contract, product, month,
/// threshold) is what makes the crossing announced once, however many concurrent recomputations see it.
/// </summary>
internal sealed class LicenceThresholdCrossing
{
    private LicenceThresholdCrossing()
    {
        Product = string.Empty;
    }

    public LicenceThresholdCrossing(Guid contractId, string product, DateTimeOffset monthStart, int thresholdPercent, DateTimeOffset crossedAt)
        : this()
    {
        ContractId = contractId;
        Product = product;
        MonthStart = monthStart;
        ThresholdPercent = thresholdPercent;
        CrossedAt = crossedAt;
    }

    public long Id { get; private set; }

    public Guid ContractId { get; private set; }

    public string Product { get; private set; }

    public DateTimeOffset MonthStart { get; private set; }

    public int ThresholdPercent { get; private set; }

    public DateTimeOffset CrossedAt { get; private set; }
}

/// <summary>
/// Whether a billing entity is delinquent, as Payments (or legacy, until Payments collects) last said.
/// Keyed by the owner's text form (<c>team:&lt;uuid&gt;</c>).
/// </summary>
internal sealed class OwnerDelinquency
{
    private OwnerDelinquency()
    {
        Owner = string.Empty;
    }

    public OwnerDelinquency(string owner, DateTimeOffset? delinquentSince, DateTimeOffset reportedAt)
        : this()
    {
        Owner = owner;
        DelinquentSince = delinquentSince;
        ReportedAt = reportedAt;
    }

    public string Owner { get; private set; }

    public DateTimeOffset? DelinquentSince { get; private set; }

    /// <summary>When the reporting side decided it; an older report never overwrites a newer one.</summary>
    public DateTimeOffset ReportedAt { get; private set; }

    public bool Report(DateTimeOffset? delinquentSince, DateTimeOffset reportedAt)
    {
        if (reportedAt < ReportedAt)
        {
            return false;
        }

        DelinquentSince = delinquentSince;
        ReportedAt = reportedAt;
        return true;
    }
}
