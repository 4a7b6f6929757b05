namespace Billing.Invoicing.Persistence;

/// <summary>
/// The module's PostgreSQL advisory lock keys, in one place so that no two uses share a key by accident (the address
/// replay first took the credit-note numbering key, and would have held up every void while it ran). SQLite needs
/// none: its write transactions run one at a time.
/// </summary>
internal static class InvoicingLocks
{
    /// <summary>Invoice numbering, held to commit: the highest number + 1, gapless and unique (ADR 0023).</summary>
    public const long InvoiceNumbering = 7283640001;

    /// <summary>Credit-note numbering, held to commit, as for invoices (ADR 0027).</summary>
    public const long CreditNoteNumbering = 7283640002;

    /// <summary>One invoice-address replay at a time across hosts, held for the replay (a session lock, ADR 0047).</summary>
    public const long AddressReplay = 7283640003;

    /// <summary>One promo-code redemption replay at a time across hosts, held for the replay (a session lock, ADR 0050).</summary>
    public const long CreditReplay = 7283640004;
}
