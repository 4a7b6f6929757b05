using Billing.Licensing.Domain;

namespace Billing.Licensing.AddonServices;

/// <summary>The <c>add-on-service</c> resource, in the schema's field order (same for 3 and 3.sdk).</summary>
internal sealed record AddonServiceRepresentation(
    string? CliPluginName,
    DateTimeOffset CreatedAt,
    string HumanName,
    Guid Id,
    string Name,
    string State,
    bool SupportsMultipleInstallations,
    bool SupportsSharing,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SupportedGeneration> SupportedGenerations)
{
    public static AddonServiceRepresentation From(AddonService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new(service.CliPluginName, service.CreatedAt, service.HumanName, service.Id, service.Name, service.State,
            service.SupportsMultipleInstallations, service.SupportsSharing, service.UpdatedAt,
            service.Generations().Select(g => new SupportedGeneration(g.Name, g.Id)).ToList());
    }
}

/// <summary>Name before id here, unlike a dyno size's generation: the contract draws them so.</summary>
internal sealed record SupportedGeneration(string Name, Guid Id);
