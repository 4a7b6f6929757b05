using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Domain.Rating;

namespace Billing.Invoicing.Domain;

/// <summary>Where an invoice is in its life. Finalized invoices never change their lines or amounts (the database refuses it too).</summary>
internal enum InvoiceStatus
{
    /// <summary>Issued, awaiting payment (Heroku <c>state</c> 0, "pending").</summary>
    Finalized = 0,

    /// <summary>Collected (<c>state</c> 1).</summary>
    Paid = 1,

    /// <summary>Collection failed (<c>state</c> 2); the account may become delinquent.</summary>
    Failed = 2,

    /// <summary>
    /// Voided by billing support and reversed by a credit note (<c>state</c> 3, a code legacy never used; ADR 0027).
    /// Terminal: nothing changes a void invoice any more.
    /// </summary>
    Void = 3,
}

internal enum InvoiceSource
{
    Rated = 0,
    Legacy = 1,
}

/// <summary>
/// One billing entity's invoice for one calendar month: exactly one per (owner, period), numbered gaplessly when
/// it is finalized. Amounts are integer cents and are sums of the lines.
/// </summary>
internal sealed class Invoice
{
    private readonly List<InvoiceLine> lines = [];

    private Invoice()
    {
    }

    public Guid Id { get; private set; }

    public int Number { get; private set; }

    public BillableOwnerKind OwnerKind { get; private set; }

    public Guid OwnerId { get; private set; }

    public DateTimeOffset PeriodStart { get; private set; }

    public DateTimeOffset PeriodEnd { get; private set; }

    public InvoiceStatus Status { get; private set; }

    public InvoiceSource Source { get; private set; }

    public long ChargesCents { get; private set; }

    public long CreditsCents { get; private set; }

    public long TaxCents { get; private set; }

    public long TotalCents { get; private set; }

    public long PlatformCents { get; private set; }

    public long DatabaseCents { get; private set; }

    public long AddonsCents { get; private set; }

    public decimal DynoUnits { get; private set; }

    public decimal WeightedDynoHours { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The usage position the invoice was rated through (ADR 0038): its usage lines are the events at or below it.
    /// Null for imported legacy invoices and for invoices rated before runs pinned usage.
    /// </summary>
    public long? UsageThrough { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<InvoiceLine> Lines => lines;

    public BillableOwner Owner => new(OwnerKind, OwnerId);

    public BillingPeriod Period => new(PeriodStart, PeriodEnd);

    /// <summary>Heroku's integer <c>state</c>: 0 pending, 1 successful, 2 failed (legacy's codes), 3 void.</summary>
    public int HerokuState => (int)Status;

    public static Invoice Finalize(RatedInvoice rated, int number, DateTimeOffset now) => Unnumbered(rated, now).Numbered(number);

    /// <summary>
    /// The finalized invoice before it has its number: amounts, lines and explanations are final. Issuing builds and
    /// writes the lines outside the numbering lock and numbers the invoice under it (ADR 0048); it is never stored unnumbered.
    /// </summary>
    public static Invoice Unnumbered(RatedInvoice rated, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rated);
        var invoice = new Invoice
        {
            Id = Guid.CreateVersion7(now),
            OwnerKind = rated.Owner.Kind,
            OwnerId = rated.Owner.Id,
            PeriodStart = rated.Period.Start,
            PeriodEnd = rated.Period.End,
            Status = InvoiceStatus.Finalized,
            Source = InvoiceSource.Rated,
            ChargesCents = rated.ChargesCents,
            CreditsCents = rated.CreditsCents,
            TaxCents = rated.TaxCents,
            TotalCents = rated.TotalCents,
            PlatformCents = rated.CategoryCents(LineCategory.Platform),
            DatabaseCents = rated.CategoryCents(LineCategory.Database),
            AddonsCents = rated.CategoryCents(LineCategory.Addons),
            DynoUnits = rated.DynoUnits,
            WeightedDynoHours = rated.WeightedDynoHours,
            CreatedAt = now,
            UpdatedAt = now,
            UsageThrough = rated.UsageThrough,
        };
        invoice.lines.AddRange(rated.Lines.Select((l, i) => InvoiceLine.From(invoice.Id, i + 1, l)));
        return invoice;
    }

    /// <summary>Gives an <see cref="Unnumbered"/> invoice its number, once.</summary>
    public Invoice Numbered(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        if (Number != 0)
        {
            throw new InvalidOperationException($"Invoice {Id} already has number {Number}.");
        }

        Number = number;
        return this;
    }

    /// <summary>A legacy invoice, kept with its id, number, amounts, state and timestamps; its lines as legacy explained them.</summary>
    public static Invoice ImportLegacy(LegacyInvoiceEntry legacy, Func<LegacyInvoiceLineEntry, LineCategory> categoryOf)
    {
        ArgumentNullException.ThrowIfNull(legacy);
        ArgumentNullException.ThrowIfNull(categoryOf);
        var invoice = new Invoice
        {
            Id = legacy.Id,
            Number = legacy.Number,
            OwnerKind = legacy.Owner.Kind,
            OwnerId = legacy.Owner.Id,
            PeriodStart = legacy.PeriodStart,
            PeriodEnd = legacy.PeriodEnd,
            Status = (InvoiceStatus)legacy.State,
            Source = InvoiceSource.Legacy,
            ChargesCents = legacy.ChargesCents,
            CreditsCents = legacy.CreditsCents,
            TotalCents = legacy.TotalCents,
            PlatformCents = legacy.PlatformCents,
            DatabaseCents = legacy.DatabaseCents,
            AddonsCents = legacy.AddonsCents,
            DynoUnits = legacy.DynoUnits,
            WeightedDynoHours = legacy.WeightedDynoHours,
            CreatedAt = legacy.CreatedAt,
            UpdatedAt = legacy.UpdatedAt,
        };
        invoice.lines.AddRange(legacy.Lines.Select((l, i) => new InvoiceLine(invoice.Id, i + 1, LegacyKind(l.Kind), categoryOf(l), l.AppId, l.Description,
            l.QuantityMonths, l.UnitPriceCents, l.AmountCents, "{\"rule\":\"imported from legacy billing\"}")));
        return invoice;
    }

    /// <summary>Legacy's payment state moved on (paid, failed) while legacy still collects; a move the lifecycle forbids is ignored.</summary>
    public bool FollowLegacyState(int state, DateTimeOffset updatedAt)
    {
        if ((int)Status == state || !CanBecome((InvoiceStatus)state))
        {
            return false;
        }

        Status = (InvoiceStatus)state;
        UpdatedAt = updatedAt;
        return true;
    }

    private static LineKind LegacyKind(string kind) => kind switch
    {
        "eco" => LineKind.Eco,
        "addon" => LineKind.Addon,
        _ => LineKind.Dyno,
    };

    /// <summary>
    /// The lifecycle (the database trigger enforces the same): pending and failed may be paid, fail, or be voided; a paid
    /// invoice may only be voided; a void one never changes.
    /// </summary>
    public bool CanBecome(InvoiceStatus status) => Status switch
    {
        _ when status == Status => true,
        InvoiceStatus.Finalized or InvoiceStatus.Failed => status is InvoiceStatus.Finalized or InvoiceStatus.Paid or InvoiceStatus.Failed or InvoiceStatus.Void,
        InvoiceStatus.Paid => status == InvoiceStatus.Void,
        _ => false,
    };

    public void MarkPaid(DateTimeOffset now) => Settle(InvoiceStatus.Paid, now);

    public void MarkFailed(DateTimeOffset now) => Settle(InvoiceStatus.Failed, now);

    /// <summary>The invoice is no longer owed; its lines and amounts stay as they were (the credit note reverses them).</summary>
    public void Void(DateTimeOffset now)
    {
        if (Status == InvoiceStatus.Void)
        {
            throw new InvalidOperationException($"Invoice {Number} is already void.");
        }

        Settle(InvoiceStatus.Void, now);
    }

    private void Settle(InvoiceStatus status, DateTimeOffset now)
    {
        if (!CanBecome(status))
        {
            throw new InvalidOperationException($"Invoice {Number} is {Status}; it cannot become {status}.");
        }

        Status = status;
        UpdatedAt = now;
    }
}

/// <summary>One line of a finalized invoice, with the explanation (JSON) of how its amount came about.</summary>
internal sealed class InvoiceLine
{
    private InvoiceLine()
    {
        Description = string.Empty;
        Explanation = string.Empty;
    }

    public InvoiceLine(Guid invoiceId, int position, LineKind kind, LineCategory category, Guid? appId, string description, decimal quantityMonths, long unitPriceCents, long amountCents, string explanation)
    {
        InvoiceId = invoiceId;
        Position = position;
        Kind = kind;
        Category = category;
        AppId = appId;
        Description = description;
        QuantityMonths = quantityMonths;
        UnitPriceCents = unitPriceCents;
        AmountCents = amountCents;
        Explanation = explanation;
    }

    public Guid InvoiceId { get; private set; }

    public int Position { get; private set; }

    public LineKind Kind { get; private set; }

    public LineCategory Category { get; private set; }

    public Guid? AppId { get; private set; }

    public string Description { get; private set; }

    public decimal QuantityMonths { get; private set; }

    public long UnitPriceCents { get; private set; }

    public long AmountCents { get; private set; }

    public string Explanation { get; private set; }

    public static InvoiceLine From(Guid invoiceId, int position, RatedLine line) =>
        new(invoiceId, position, line.Kind, line.Category, line.AppId, line.Description, line.QuantityMonths, line.UnitPriceCents, line.AmountCents,
            JsonSerializer.Serialize(line.Explanation, ExplanationJson.Options));
}

internal static class ExplanationJson
{
    /// <summary>Web defaults, snake_case; the explanation types from generated metadata (a run serialises one per line).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ExplanationJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LineExplanation))]
[JsonSerializable(typeof(IReadOnlyList<UsageInterval>))]
internal sealed partial class ExplanationJsonContext : JsonSerializerContext;
