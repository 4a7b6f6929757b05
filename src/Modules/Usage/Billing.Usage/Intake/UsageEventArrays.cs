using Billing.Usage.Domain;
using Billing.Usage.Persistence;
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

        command.AddArray("event_id", NpgsqlDbType.Text, ids);
        command.AddArray("owner_kind", NpgsqlDbType.Integer, kinds);
        command.AddArray("owner_id", NpgsqlDbType.Uuid, owners);
        command.AddArray("app_id", NpgsqlDbType.Uuid, apps);
        command.AddArray("metric", NpgsqlDbType.Text, metrics);
        command.AddArray("subject", NpgsqlDbType.Text, subjects);
        command.AddArray("variant", NpgsqlDbType.Text, variants);
        command.AddArray("value", NpgsqlDbType.Numeric, values);
        command.AddArray("occurred_at", NpgsqlDbType.TimestampTz, occurred);
        command.AddArray("recorded_at", NpgsqlDbType.TimestampTz, recorded);
    }
}
