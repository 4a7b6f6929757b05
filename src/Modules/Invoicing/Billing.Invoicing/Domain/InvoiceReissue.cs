namespace Billing.Invoicing.Domain;

/// <summary>
/// Billing support re-issued a voided invoice's period: the corrected invoice and the void one it replaces, why and by
/// whom. Keyed by the void invoice, so one void invoice is re-issued at most once (ADR 0036); the corrected invoice can
/// itself be voided and re-issued, which adds a row for it.
/// </summary>
internal sealed class InvoiceReissue
{
    private InvoiceReissue()
    {
        Reason = string.Empty;
        RequestedBy = string.Empty;
    }

    public InvoiceReissue(Invoice voided, Invoice reissued, string reason, string requestedBy, DateTimeOffset at)
        : this()
    {
        VoidedInvoiceId = voided.Id;
        VoidedNumber = voided.Number;
        InvoiceId = reissued.Id;
        Number = reissued.Number;
        Reason = reason;
        RequestedBy = requestedBy;
        At = at;
    }

    public Guid VoidedInvoiceId { get; private set; }

    public int VoidedNumber { get; private set; }

    public Guid InvoiceId { get; private set; }

    public int Number { get; private set; }

    public string Reason { get; private set; }

    public string RequestedBy { get; private set; }

    public DateTimeOffset At { get; private set; }
}
