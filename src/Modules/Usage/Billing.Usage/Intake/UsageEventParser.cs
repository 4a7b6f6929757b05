using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;

namespace Billing.Usage.Intake;

/// <summary>One event of a batch after validation: either an event ready to store or the reason it was refused.</summary>
internal readonly record struct ParsedEvent(string? Id, UsageEvent? Event, string? Reason);

/// <summary>
/// Reads and checks one element of <c>events</c>. Every refusal names the field and what is wrong with it, so a
/// producer can fix the event and send it again under the same id (a refused event is not remembered).
/// </summary>
internal static partial class UsageEventParser
{
    private const int MaxIdLength = 128;
    private const int MaxNameLength = 64;
    private const decimal MaxValue = 1_000_000_000_000m;

    public static ParsedEvent Parse(JsonElement element, DateTimeOffset now, UsageIntakeOptions options)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Refuse(null, "event must be a JSON object");
        }

        var id = String(element, "id");
        if (string.IsNullOrEmpty(id))
        {
            return Refuse(id, "id is required and must be a non-empty string");
        }

        if (id.Length > MaxIdLength)
        {
            return Refuse(id, $"id must be at most {MaxIdLength} characters");
        }

        return Check(element, id, now, options);
    }

    private static ParsedEvent Check(JsonElement element, string id, DateTimeOffset now, UsageIntakeOptions options)
    {
        if (!TryInstant(String(element, "occurred_at"), out var occurredAt))
        {
            return Refuse(id, "occurred_at must be an ISO-8601 timestamp with an offset (e.g. 2026-01-01T00:00:00Z)");
        }

        if (occurredAt > now + options.FutureTolerance)
        {
            return Refuse(id, $"occurred_at is in the future (more than {options.FutureTolerance.TotalSeconds:0} s ahead of the server clock)");
        }

        if (occurredAt < now - options.BackdatingWindow)
        {
            return Refuse(id, $"occurred_at is older than the back-dating window of {options.BackdatingWindow.TotalDays:0.##} days");
        }

        if (!TryOwner(element, out var owner))
        {
            return Refuse(id, "owner must be an object {\"type\": \"account\"|\"team\", \"id\": uuid}");
        }

        if (!Guid.TryParse(String(element, "app_id"), out var appId))
        {
            return Refuse(id, "app_id is required and must be a uuid");
        }

        var metric = String(element, "metric");
        if (string.IsNullOrEmpty(metric))
        {
            return Refuse(id, "metric is required and must be a non-empty string");
        }

        var addonId = String(element, "addon_id");
        var definition = MetricCatalog.Find(metric, addonId is not null);
        if (definition is null)
        {
            return Refuse(id, $"unknown metric '{Clip(metric)}'");
        }

        var valueProblem = CheckValue(element, definition, out var value);
        if (valueProblem is not null)
        {
            return Refuse(id, valueProblem);
        }

        var dimensionProblem = Dimensions(element, definition, addonId, out var subject, out var variant);
        return dimensionProblem is not null
            ? Refuse(id, dimensionProblem)
            : new ParsedEvent(id, new UsageEvent(id, owner, appId, definition.Name, subject, variant, value, occurredAt, now), null);
    }

    private static string? CheckValue(JsonElement element, MetricDefinition definition, out decimal value)
    {
        value = 0;
        if (!element.TryGetProperty("value", out var raw) || raw.ValueKind != JsonValueKind.Number)
        {
            return "value is required and must be a number";
        }

        if (!raw.TryGetDecimal(out value) || value > MaxValue)
        {
            return $"value must be at most {MaxValue:0}";
        }

        if (value < 0)
        {
            return "value must be a non-negative number";
        }

        if (decimal.Round(value, 6) != value)
        {
            return "value must have at most 6 decimal places";
        }

        if (definition.IntegerValues && decimal.Truncate(value) != value)
        {
            return $"value must be a non-negative integer for {definition.Name}";
        }

        return definition.MaxValue is { } max && value > max ? $"value must be at most {max:0} for {definition.Name}" : null;
    }

    private static string? Dimensions(JsonElement element, MetricDefinition definition, string? addonId, out string subject, out string variant)
    {
        subject = variant = string.Empty;
        switch (definition.Name)
        {
            case UsageMetrics.FormationQuantity:
                subject = String(element, "process_type") ?? string.Empty;
                variant = String(element, "size")?.ToLowerInvariant() ?? string.Empty;
                return Name(subject, "process_type") ?? Name(variant, "size");
            case UsageMetrics.AddonPlan:
                subject = addonId ?? string.Empty;
                variant = String(element, "plan_id") ?? string.Empty;
                return Uuid(subject, "addon_id") ?? Uuid(variant, "plan_id");
            case UsageMetrics.SpaceCredits:
                subject = String(element, "space_name") ?? string.Empty;
                return Name(subject, "space_name");
            case UsageMetrics.ConnectRows:
                return null;
            default:
                subject = addonId ?? string.Empty;
                return Uuid(subject, "addon_id");
        }

        string? Name(string text, string field) =>
            text.Length is > 0 and <= MaxNameLength ? null : $"{field} is required for {definition.Name} (at most {MaxNameLength} characters)";

        string? Uuid(string text, string field) =>
            Guid.TryParse(text, out _) ? null : $"{field} is required for {definition.Name} and must be a uuid";
    }

    private static bool TryOwner(JsonElement element, out BillableOwner owner)
    {
        owner = default;
        if (!element.TryGetProperty("owner", out var raw) || raw.ValueKind != JsonValueKind.Object || !Guid.TryParse(String(raw, "id"), out var ownerId))
        {
            return false;
        }

        BillableOwnerKind? kind = String(raw, "type") switch
        {
            "team" => BillableOwnerKind.Team,
            "account" => BillableOwnerKind.Account,
            _ => null,
        };
        owner = kind is null ? default : new BillableOwner(kind.Value, ownerId);
        return kind is not null;
    }

    /// <summary>ISO-8601 with a date, a time and an explicit offset, truncated to the second (the metering resolution).</summary>
    private static bool TryInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (text is null || !Iso8601WithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        var utc = parsed.ToUniversalTime();
        instant = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return true;
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Clip(string text) => text.Length <= MaxNameLength ? text : text[..MaxNameLength] + "...";

    private static ParsedEvent Refuse(string? id, string reason) => new(id, null, reason);

    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601WithOffset();
}
