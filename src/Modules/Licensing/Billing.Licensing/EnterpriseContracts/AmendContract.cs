using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>
/// Adds a version to a contract from <see cref="EffectiveFrom"/> (default now) on: new licences and/or a new end.
/// <see cref="Change"/> is <c>ended</c> for an early end (licences unchanged), <c>amended</c> otherwise.
/// </summary>
internal sealed record AmendContract(
    Guid ContractId, string Change, DateTimeOffset? EffectiveFrom, DateTimeOffset? EndsAt, IReadOnlyList<LicenceInput>? Licences, string? Reason, string Actor)
    : ICommand<ContractRepresentation>;

internal sealed class AmendContractValidator(TimeProvider time) : IValidator<AmendContract>
{
    public IEnumerable<FieldError> Validate(AmendContract message)
    {
        var now = time.GetUtcNow();
        var errors = ContractRules.CheckReason(message.Reason).Concat(ContractRules.CheckEffectiveFrom(message.EffectiveFrom, now));
        if (message.Change == ContractChanges.Ended)
        {
            errors = errors.Concat(message.EndsAt is null ? [new FieldError("ends_at", "is required")]
                : message.EndsAt < now ? [new FieldError("ends_at", "must not be in the past")] : []);
        }
        else
        {
            if (message.EndsAt is null && message.Licences is null)
            {
                errors = errors.Append(new FieldError("licences", "an amendment changes licences, ends_at or both"));
            }

            if (message.Licences is not null)
            {
                errors = errors.Concat(ContractRules.CheckLicences(message.Licences));
            }

            if (message.EndsAt < now)
            {
                errors = errors.Append(new FieldError("ends_at", "must not be in the past"));
            }
        }

        return errors;
    }
}

internal sealed class AmendContractHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<AmendContract, ContractRepresentation>
{
    public async ValueTask<ContractRepresentation> Handle(AmendContract command, CancellationToken cancellationToken)
    {
        var contract = await db.FindContractAsync(command.ContractId, cancellationToken);
        var now = time.GetUtcNow();
        var current = contract.Current;
        var effectiveFrom = command.EffectiveFrom?.ToUniversalTime() ?? now;
        if (current.EndsAt <= now)
        {
            throw new ValidationFailedException("ends_at", "the contract has already ended; sign a new one");
        }

        var endsAt = command.EndsAt?.ToUniversalTime() ?? current.EndsAt;
        if (endsAt <= current.StartsAt)
        {
            throw new ValidationFailedException("ends_at", "must be after the contract's start");
        }

        if (command.Change == ContractChanges.Ended && endsAt >= current.EndsAt)
        {
            throw new ValidationFailedException("ends_at", "an early end must be before the current end; amend the contract to extend it");
        }

        if (effectiveFrom < current.EffectiveFrom)
        {
            throw new ValidationFailedException("effective_from", "must not be before the version it amends took effect");
        }

        var terms = new ContractTerms(current.StartsAt, endsAt,
            command.Licences is null ? current.Licences : ContractRules.ToLicences(command.Licences));
        var others = await db.Contracts.Where(c => c.EnterpriseAccountId == contract.EnterpriseAccountId && c.Id != contract.Id).ToListAsync(cancellationToken);
        ContractGuards.EnsureNoOverlap(others, terms);
        // An early end takes effect at once (it only shortens what is still to come); other amendments from their instant.
        var from = command.Change == ContractChanges.Ended ? (now > current.EffectiveFrom ? now : current.EffectiveFrom) : effectiveFrom;
        var version = contract.Amend(command.Change, from, terms,
            new ContractAudit(command.Actor, command.Reason!, now));
        db.Publish(ContractEvents.Changed(contract, version, now));
        return ContractRepresentation.From(contract);
    }
}
