using Billing.Usage.Domain;
using Npgsql;
using NpgsqlTypes;

namespace Billing.Usage.Intake;

/// <summary>
/// A batch of events as one binary array parameter per column (<c>@event_id</c>, <c>@owner_kind</c>, <c>@owner_id</c>,
/// <c>@app_id</c>, <c>@metric</c>, <c>@subject</c>, <c>@variant</c>, <c>@value</c>, <c>@occurred_at</c>,
/// <c>@recorded_at</c>), for SQL that reads it back with <c>unnest(...)</c>: a thousand rows in one
/// round trip without a staging table.
/// </summary>
internal static class UsageEventArrays
{
    public static void AddTo(NpgsqlCommand command, IReadOnlyList<UsageEvent> events)
    {
        var count = events.Count;
        var ids = new string[count];
        var kinds = new int[count];
        var owners = new Guid[count];
        var apps = new Guid[count];
        var metrics = new string[count];
        var subjects = new string[count];
        var variants = new string[count];
        var values = new decimal[count];
        var occurred = new DateTimeOffset[count];
        var recorded = new DateTimeOffset[count];
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            (ids[i], kinds[i], owners[i], apps[i], metrics[i], subjects[i]) = (e.EventId, (int)e.OwnerKind, e.OwnerId, e.AppId, e.Metric, e.Subject);
            (variants[i], values[i], occurred[i], recorded[i]) = (e.Variant, e.Value, e.OccurredAt, e.RecordedAt);
        }

        Add(command, "event_id", NpgsqlDbType.Text, ids);
        Add(command, "owner_kind", NpgsqlDbType.Integer, kinds);
        Add(command, "owner_id", NpgsqlDbType.Uuid, owners);
        Add(command, "app_id", NpgsqlDbType.Uuid, apps);
        Add(command, "metric", NpgsqlDbType.Text, metrics);
        Add(command, "subject", NpgsqlDbType.Text, subjects);
        Add(command, "variant", NpgsqlDbType.Text, variants);
        Add(command, "value", NpgsqlDbType.Numeric, values);
        Add(command, "occurred_at", NpgsqlDbType.TimestampTz, occurred);
        Add(command, "recorded_at", NpgsqlDbType.TimestampTz, recorded);
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = values });
}
