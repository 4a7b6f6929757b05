namespace Billing.Licensing.Domain.Enterprise;

/// <summary>One version of a contract's terms, in force from <see cref="EffectiveFrom"/> until a later version's.</summary>
internal sealed class ContractVersion
{
    private ContractVersion()
    {
        Change = string.Empty;
        RecordedBy = string.Empty;
        Reason = string.Empty;
        Licences = [];
    }

    public ContractVersion(Guid id, Guid contractId, int number, string change, DateTimeOffset effectiveFrom, ContractTerms terms, ContractAudit audit)
        : this()
    {
        Id = id;
        ContractId = contractId;
        Number = number;
        Change = change;
        EffectiveFrom = effectiveFrom;
        StartsAt = terms.StartsAt;
        EndsAt = terms.EndsAt;
        Licences = terms.Licences.ToList();
        RecordedBy = audit.RecordedBy;
        Reason = audit.Reason;
        RecordedAt = audit.RecordedAt;
    }

    public Guid Id { get; private set; }

    public Guid ContractId { get; private set; }

    public int Number { get; private set; }

    /// <summary><see cref="ContractChanges"/>: signed, amended or ended.</summary>
    public string Change { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public List<ContractLicence> Licences { get; private set; }

    public string RecordedBy { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public ContractTerms Terms => new(StartsAt, EndsAt, Licences);

    public ContractLicence? LicenceFor(string product) => Licences.FirstOrDefault(l => l.Product == product);
}

/// <summary>A licensed product of a version (see <c>LicenceTerm</c> in Licensing.Contracts for the meaning).</summary>
internal sealed record ContractLicence(string Product, decimal MonthlyQuantity, long OnDemandRateCents, bool HardLimit);
