using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Invoicing.Domain;

/// <summary>Why a rated line or invoice differs from legacy's. Explained reasons are known, accepted differences.</summary>
internal static class ReconciliationReasons
{
    /// <summary>Unexplained: same line, different amount.</summary>
    public const string AmountDiffers = "amount_differs";

    /// <summary>Unexplained: legacy billed a line the new rating does not produce.</summary>
    public const string MissingInNew = "line_missing_in_new";

    /// <summary>Unexplained: the new rating bills a line legacy did not.</summary>
    public const string MissingInLegacy = "line_missing_in_legacy";

    /// <summary>Unexplained: the new rating could not rate the owner (e.g. usage without a price).</summary>
    public const string NotRated = "not_rated";

    /// <summary>
    /// Explained: re-rating a past period draws credits from today's balances (legacy's invoices since then already
    /// drew them), so credits can differ while charges match.
    /// </summary>
    public const string CreditsFromCurrentBalances = "credits_from_current_balances";

    public static bool IsExplained(string reason) => reason == CreditsFromCurrentBalances;
}

/// <summary>One difference between a dry-run rating and the legacy invoice of the same owner and period.</summary>
internal sealed class ReconciliationDifference
{
    private ReconciliationDifference()
    {
        Reason = string.Empty;
        Subject = string.Empty;
    }

    public ReconciliationDifference(BillableOwner owner, BillingPeriod period, string reason, string subject, long? legacyCents, long? newCents, DateTimeOffset at)
        : this()
    {
        Id = Guid.CreateVersion7(at);
        OwnerKind = owner.Kind;
        OwnerId = owner.Id;
        PeriodStart = period.Start;
        Reason = reason;
        Subject = subject;
        LegacyCents = legacyCents;
        NewCents = newCents;
        Explained = ReconciliationReasons.IsExplained(reason);
        RecordedAt = at;
    }

    public Guid Id { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public DateTimeOffset PeriodStart { get; private set; }

    public string Reason { get; private set; }

    /// <summary>The line's description, or <c>credits_total</c> / <c>invoice</c>.</summary>
    public string Subject { get; private set; }

    public long? LegacyCents { get; private set; }

    public long? NewCents { get; private set; }

    public bool Explained { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}
