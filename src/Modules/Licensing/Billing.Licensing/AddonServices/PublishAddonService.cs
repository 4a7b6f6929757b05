using System.Text.RegularExpressions;
using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.AddonServices;

/// <summary>Adds an add-on service to the catalogue (plans are published under it afterwards), audited by its event.</summary>
internal sealed record PublishAddonService(string? Name, string? HumanName, string? CliPluginName, string? State, bool SupportsMultipleInstallations, bool SupportsSharing, string? Reason, string Actor)
    : ICommand<AddonService>;

internal sealed partial class PublishAddonServiceValidator : IValidator<PublishAddonService>
{
    /// <summary>The states the contract's <c>addon-service</c> shows.</summary>
    public static readonly IReadOnlyList<string> States = ["alpha", "beta", "ga", "shutdown"];

    public IEnumerable<FieldError> Validate(PublishAddonService message)
    {
        if (message.Name is null || !ServiceName().IsMatch(message.Name))
        {
            yield return new FieldError("name", "must be 1-63 lower-case letters, digits or dashes, starting with a letter (e.g. heroku-postgresql)");
        }

        if (string.IsNullOrWhiteSpace(message.HumanName) || message.HumanName.Length > 100)
        {
            yield return new FieldError("human_name", "is required, at most 100 characters");
        }

        if (message.State is null || !States.Contains(message.State))
        {
            yield return new FieldError("state", $"must be one of {string.Join(", ", States)}");
        }

        if (string.IsNullOrWhiteSpace(message.Reason) || message.Reason.Length > 500)
        {
            yield return new FieldError("reason", "is required (at most 500 characters): catalogue changes are audited");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex ServiceName();
}

internal sealed class PublishAddonServiceHandler(LicensingDbContext db, TimeProvider time) : ICommandHandler<PublishAddonService, AddonService>
{
    public async ValueTask<AddonService> Handle(PublishAddonService command, CancellationToken cancellationToken)
    {
        var name = command.Name!;
        if (await db.AddonServices.AnyAsync(s => s.Name == name, cancellationToken))
        {
            throw new ValidationFailedException("name", "is already taken by another add-on service");
        }

        var now = time.GetUtcNow();
        var spec = new AddonServiceSpec(name, command.HumanName!, command.CliPluginName, command.State!, command.SupportsMultipleInstallations, command.SupportsSharing,
            [("cedar", Generations.CedarId)]);
        var service = new AddonService(Guid.CreateVersion7(now), spec, now);
        db.AddonServices.Add(service);
        db.Publish(new AddonServicePublished(Guid.CreateVersion7(now), now, service.Id, service.Name, service.HumanName, service.State, command.Actor, command.Reason!));
        return service;
    }
}
