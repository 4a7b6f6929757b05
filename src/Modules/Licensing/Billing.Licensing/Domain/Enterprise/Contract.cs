namespace Billing.Licensing.Domain.Enterprise;

/// <summary>
/// An Enterprise contract of one enterprise account. Its terms are versions that are only ever added: an amendment
/// (or an early end) is a new version applying from its instant on, so every past instant keeps the terms it had.
/// </summary>
internal sealed class Contract
{
    private readonly List<ContractVersion> _versions = [];

    private Contract()
    {
        Reference = string.Empty;
    }

    public Contract(Guid id, Guid enterpriseAccountId, string reference, ContractTerms terms, ContractAudit audit)
        : this()
    {
        Id = id;
        EnterpriseAccountId = enterpriseAccountId;
        Reference = reference;
        CreatedAt = audit.RecordedAt;
        // The signed terms apply from the contract's start: nothing before it is covered anyway.
        _versions.Add(new ContractVersion(Guid.CreateVersion7(audit.RecordedAt), id, 1, ContractChanges.Signed, terms.StartsAt, terms, audit));
    }

    public Guid Id { get; private set; }

    public Guid EnterpriseAccountId { get; private set; }

    /// <summary>The contract's number in the sales system (Salesforce), for people to find it.</summary>
    public string Reference { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<ContractVersion> Versions => _versions;

    public ContractVersion Current => _versions.MaxBy(v => v.Number)!;

    /// <summary>Adds a version with <paramref name="terms"/> from <paramref name="effectiveFrom"/> on (not before the current version's start).</summary>
    public ContractVersion Amend(string change, DateTimeOffset effectiveFrom, ContractTerms terms, ContractAudit audit)
    {
        if (effectiveFrom < Current.EffectiveFrom)
        {
            throw new InvalidOperationException("An amendment cannot take effect before the version it amends.");
        }

        var version = new ContractVersion(Guid.CreateVersion7(audit.RecordedAt), Id, Current.Number + 1, change, effectiveFrom, terms, audit);
        _versions.Add(version);
        return version;
    }

    /// <summary>The version whose terms apply at <paramref name="at"/>: the latest one in effect by then.</summary>
    public ContractVersion? VersionAt(DateTimeOffset at) =>
        _versions.Where(v => v.EffectiveFrom <= at).MaxBy(v => v.Number);

    /// <summary>The version covering <paramref name="at"/>, or null when the contract does not cover that instant.</summary>
    public ContractVersion? CoveringAt(DateTimeOffset at) =>
        VersionAt(at) is { } version && version.StartsAt <= at && at < version.EndsAt ? version : null;
}

internal static class ContractChanges
{
    public const string Signed = "signed";
    public const string Amended = "amended";
    public const string Ended = "ended";
}

/// <summary>What a version says: the covered span <c>[StartsAt, EndsAt)</c> and the licences in it.</summary>
internal sealed record ContractTerms(DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<ContractLicence> Licences);

/// <summary>Who recorded a contract change, when, and why.</summary>
internal sealed record ContractAudit(string RecordedBy, string Reason, DateTimeOffset RecordedAt);
