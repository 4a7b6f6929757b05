using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Mediation;
using Billing.Invoicing.Contracts;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Credits;

/// <summary>Billing support grants an account a goodwill credit, with a mandatory reason.</summary>
internal sealed record GrantCredit(Guid AccountId, string Title, long AmountCents, DateTimeOffset? ExpiresAt, string Reason, string GrantedBy)
    : ICommand<CreditRepresentation>;

internal sealed class GrantCreditValidator(TimeProvider time) : IValidator<GrantCredit>
{
    public IEnumerable<FieldError> Validate(GrantCredit message)
    {
        foreach (var error in Credit.Check(message.Title, message.AmountCents, message.ExpiresAt, message.Reason, time.GetUtcNow()))
        {
            yield return error;
        }

        // Bounded here, not in Credit.Check: a void returns a paid invoice's total as a credit, however large (ADR 0040).
        if (message.AmountCents > MoneyBounds.MaxEntryCents)
        {
            yield return new FieldError("amount", $"must be at most {MoneyBounds.MaxEntryCents} cents");
        }
    }
}

internal sealed class GrantCreditHandler(InvoicingDbContext db, TimeProvider time) : ICommandHandler<GrantCredit, CreditRepresentation>
{
    public async ValueTask<CreditRepresentation> Handle(GrantCredit command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var balance = await db.Credits.Where(c => c.AccountId == command.AccountId && c.ExpiresAt > now).SumAsync(c => c.BalanceCents, cancellationToken);
        var credit = Credit.Grant(command.AccountId, command.Title, command.AmountCents, command.ExpiresAt, command.Reason, command.GrantedBy, now);
        db.Credits.Add(credit);
        db.Publish(new CreditGranted(Guid.CreateVersion7(now), now, credit.Id, credit.AccountId, credit.AmountCents, credit.ExpiresAt, credit.Reason));
        db.AuditEntries.Add(new AuditEntry(command.GrantedBy, "credit.granted", BillableOwner.Account(command.AccountId).ToString(), credit.Reason, balance, balance + credit.AmountCents, now));
        return CreditRepresentation.From(credit);
    }
}
