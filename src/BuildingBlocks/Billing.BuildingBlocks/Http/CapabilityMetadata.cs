using Microsoft.AspNetCore.Builder;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// Names the migration capability an endpoint implements (e.g. <c>pricing.dyno-sizes.read</c>), so the
/// strangler edge can serve it from legacy, shadow it, or serve it new, per capability and at run time.
/// </summary>
public sealed record CapabilityMetadata(string Name);

public static class CapabilityEndpointExtensions
{
    public static TBuilder WithCapability<TBuilder>(this TBuilder builder, string capability)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CapabilityMetadata(capability));
}
