namespace Billing.BuildingBlocks.Http;

/// <summary>
/// Marks an endpoint as part of the Heroku-compatible API, so the conventions (Accept negotiation,
/// JSON bodies, ETags) apply to it. Set on every module route group.
/// </summary>
public sealed class ApiEndpointMetadata
{
    public static readonly ApiEndpointMetadata Instance = new();

    private ApiEndpointMetadata()
    {
    }
}

/// <summary>Which Accept variants (<c>version=3</c>, <c>3.sdk</c>, ...) an endpoint serves; default 3 and 3.sdk.</summary>
public sealed class ApiVariantsMetadata(params string[] variants)
{
    public IReadOnlyList<string> Variants { get; } = variants;
}
