using System.Text.Json.Serialization;

namespace Billing.Usage.Intake;

/// <summary>What happened to one event of a batch, in legacy's shape: <c>{"id","status","reason"?}</c>.</summary>
internal sealed record IntakeResult(
    string? Id,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    public static IntakeResult Reject(string? id, string reason) => new(id, Rejected, reason);
}
