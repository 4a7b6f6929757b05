using Billing.Usage.Domain;
using Npgsql;

namespace Billing.Usage.Reading;

/// <summary>
/// Which stored events a read sees: all of them, those at or below a pinned arrival position (a billing run, ADR 0038),
/// or those recorded by an instant (explanations of invoices finalized before positions were pinned).
/// </summary>
internal sealed record UsageCut(long? Position, DateTimeOffset? RecordedUpTo)
{
    public static readonly UsageCut None = new(null, null);

    public static UsageCut Through(long position) => new(position, null);

    public static UsageCut RecordedBy(DateTimeOffset instant) => new(null, instant);

    /// <summary>The SQL condition (with its leading AND) on the events of <paramref name="alias"/> ("e." or empty).</summary>
    public string Sql(string alias) =>
        Position is not null ? $"AND {alias}seq <= @through"
        : RecordedUpTo is not null ? $"AND {alias}recorded_at <= @recorded_up_to"
        : string.Empty;

    public void AddParameter(NpgsqlCommand command)
    {
        if (Position is { } position)
        {
            command.Parameters.AddWithValue("through", position);
        }
        else if (RecordedUpTo is { } instant)
        {
            command.Parameters.AddWithValue("recorded_up_to", instant);
        }
    }

    public IQueryable<UsageEvent> Apply(IQueryable<UsageEvent> events) =>
        Position is { } position ? events.Where(e => e.Seq <= position)
        : RecordedUpTo is { } instant ? events.Where(e => e.RecordedAt <= instant)
        : events;

    /// <summary>The events the cut leaves out: stored after the position (or the instant).</summary>
    public IQueryable<UsageEvent> Beyond(IQueryable<UsageEvent> events) =>
        Position is { } position ? events.Where(e => e.Seq > position)
        : RecordedUpTo is { } instant ? events.Where(e => e.RecordedAt > instant)
        : events.Where(_ => false);
}
