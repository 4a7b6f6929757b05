using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Persistence;
using Mediator;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>
/// Staff record an enterprise account and its teams (ids are the platform's) — for accounts created after the
/// legacy import; an existing account is renamed and its listed teams (re)assigned to it.
/// </summary>
internal sealed record RecordEnterpriseAccount(Guid Id, string? Name, IReadOnlyList<TeamBody?>? Teams) : ICommand<int>;

internal sealed record TeamBody(Guid? Id, string? Name);

internal sealed class RecordEnterpriseAccountValidator : IValidator<RecordEnterpriseAccount>
{
    public IEnumerable<FieldError> Validate(RecordEnterpriseAccount message)
    {
        if (string.IsNullOrWhiteSpace(message.Name) || message.Name.Length > 128)
        {
            yield return new FieldError("name", "is required (at most 128 characters)");
        }

        var teams = message.Teams ?? [];
        for (var i = 0; i < teams.Count; i++)
        {
            if (teams[i]?.Id is null)
            {
                yield return new FieldError($"teams[{i}].id", "is required");
            }

            if (string.IsNullOrWhiteSpace(teams[i]?.Name) || teams[i]!.Name!.Length > 128)
            {
                yield return new FieldError($"teams[{i}].name", "is required (at most 128 characters)");
            }
        }
    }
}

internal sealed class RecordEnterpriseAccountHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<RecordEnterpriseAccount, int>
{
    public async ValueTask<int> Handle(RecordEnterpriseAccount command, CancellationToken cancellationToken) =>
        await EnterpriseDirectory.UpsertAsync(db,
            new LegacyEnterpriseAccountEntry(command.Id, command.Name!, (command.Teams ?? []).Select(t => new LegacyEnterpriseTeamEntry(t!.Id!.Value, t.Name!)).ToList()),
            time.GetUtcNow(), cancellationToken);
}
