using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Mediation;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Support;

/// <summary>Billing support adds a charge or refund to an owner's next invoice, with a mandatory reason, audited.</summary>
internal sealed record CreateAdjustment(string Owner, long AmountCents, string Description, string Reason, string Actor) : ICommand<AdjustmentRepresentation>;

internal sealed record AdjustmentRepresentation(Guid Id, string Owner, long AmountCents, string Description, string Reason, string CreatedBy, DateTimeOffset CreatedAt, Guid? AppliedToInvoiceId)
{
    public static AdjustmentRepresentation From(SupportAdjustment a) =>
        new(a.Id, a.Owner.ToString(), a.AmountCents, a.Description, a.Reason, a.CreatedBy, a.CreatedAt, a.AppliedToInvoiceId);
}

internal sealed class CreateAdjustmentValidator : IValidator<CreateAdjustment>
{
    public IEnumerable<FieldError> Validate(CreateAdjustment message)
    {
        if (!BillableOwner.TryParse(message.Owner, out _))
        {
            yield return new FieldError("owner", "must be account:<uuid> or team:<uuid>");
        }

        foreach (var error in SupportAdjustment.Check(message.AmountCents, message.Description, message.Reason))
        {
            yield return error;
        }
    }
}

internal sealed class CreateAdjustmentHandler(InvoicingDbContext db, TimeProvider time) : ICommandHandler<CreateAdjustment, AdjustmentRepresentation>
{
    public async ValueTask<AdjustmentRepresentation> Handle(CreateAdjustment command, CancellationToken cancellationToken)
    {
        var owner = BillableOwner.TryParse(command.Owner, out var parsed) ? parsed.Value : throw new InvalidOperationException("Validated before.");
        var now = time.GetUtcNow();
        var pending = await db.SupportAdjustments
            .Where(a => a.OwnerKind == owner.Kind && a.OwnerId == owner.Id && a.AppliedToInvoiceId == null)
            .SumAsync(a => a.AmountCents, cancellationToken);
        var adjustment = SupportAdjustment.Create(owner, command.AmountCents, command.Description, command.Reason, command.Actor, now);
        db.SupportAdjustments.Add(adjustment);
        db.AuditEntries.Add(new AuditEntry(command.Actor, "adjustment.created", owner.ToString(), adjustment.Reason, pending, pending + adjustment.AmountCents, now));
        return AdjustmentRepresentation.From(adjustment);
    }
}
