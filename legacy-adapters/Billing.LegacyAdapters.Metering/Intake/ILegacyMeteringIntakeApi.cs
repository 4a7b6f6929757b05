using System.Text.Json.Serialization;
using Refit;

namespace Billing.LegacyAdapters.Metering.Intake;

/// <summary>
/// Legacy metering's intake, <c>POST /usage-events</c> (admin or producer token), as the dual-write sends to it.
/// Implemented by Refit's source generator at build time; registered with <c>AddRefitGeneratedClient</c> (ADR 0009).
/// Legacy answers 200 with one result per event, in input order, rejected ones included.
/// </summary>
[Headers("Accept: application/vnd.heroku+json; version=3")]
internal interface ILegacyMeteringIntakeApi
{
    [Post("/usage-events")]
    Task<IApiResponse<List<LegacyIntakeResult>>> IngestAsync([Body] LegacyIntakeBatch batch, CancellationToken cancellationToken);
}

internal sealed record LegacyIntakeBatch(IReadOnlyList<LegacyIntakeEvent> Events);

internal sealed record LegacyIntakeOwner(string Type, Guid Id);

/// <summary>Legacy's wire shape: the owner nested, instants as <c>...Z</c>, numbers without trailing zeros (formation values must read as integers).</summary>
internal sealed record LegacyIntakeEvent(
    string Id,
    string OccurredAt,
    LegacyIntakeOwner Owner,
    Guid AppId,
    string Metric,
    decimal Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProcessType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Size,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AddonId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PlanId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SpaceName);

internal sealed record LegacyIntakeResult(string? Id, string Status, string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LegacyIntakeBatch))]
[JsonSerializable(typeof(List<LegacyIntakeResult>))]
internal sealed partial class LegacyMeteringJson : JsonSerializerContext;
