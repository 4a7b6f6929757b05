using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>Records a new contract of an enterprise account (version 1) and announces it, in one transaction.</summary>
internal sealed record SignContract(
    string EnterpriseAccount, string? Reference, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, IReadOnlyList<LicenceInput>? Licences, string? Reason, string Actor)
    : ICommand<ContractRepresentation>;

internal sealed class SignContractValidator(TimeProvider time) : IValidator<SignContract>
{
    public IEnumerable<FieldError> Validate(SignContract message)
    {
        if (string.IsNullOrWhiteSpace(message.Reference) || message.Reference.Length > 64)
        {
            yield return new FieldError("reference", "is required (the contract's number in the sales system, at most 64 characters)");
        }

        foreach (var error in ContractRules.CheckTerms(message.StartsAt, message.EndsAt, message.Licences, time.GetUtcNow(), startFixed: false)
                     .Concat(ContractRules.CheckReason(message.Reason)))
        {
            yield return error;
        }
    }
}

internal sealed class SignContractHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<SignContract, ContractRepresentation>
{
    public async ValueTask<ContractRepresentation> Handle(SignContract command, CancellationToken cancellationToken)
    {
        var account = await db.FindEnterpriseAccountAsync(command.EnterpriseAccount, cancellationToken);
        var terms = new ContractTerms(command.StartsAt!.Value.ToUniversalTime(), command.EndsAt!.Value.ToUniversalTime(), ContractRules.ToLicences(command.Licences!));
        var others = await db.Contracts.Where(c => c.EnterpriseAccountId == account.Id).ToListAsync(cancellationToken);
        ContractGuards.EnsureNoOverlap(others, terms);
        var now = time.GetUtcNow();
        var contract = new Contract(Guid.CreateVersion7(now), account.Id, command.Reference!, terms, new ContractAudit(command.Actor, command.Reason!, now));
        db.Contracts.Add(contract);
        db.Publish(ContractEvents.Changed(contract, contract.Current, now));
        return ContractRepresentation.From(contract);
    }
}
