using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Billing.Usage.Rollups;

/// <summary>
/// A pass's gauge readings folded into the stored days from their neighbours (ADR 0049, <see cref="GaugeDeltas"/>), on
/// PostgreSQL, inside the pass's repeatable-read transaction. The work table <c>unfolded</c> holds the positions of every
/// reading the stored rollups do not count yet: the pass's own (<c>claimed</c>) and those of batches still pending
/// behind it. A claimed reading's neighbours are the nearest readings of its series outside that table. A series whose
/// day maximum the rows alone cannot give goes to <c>pending_series</c>, for the recompute from its events.
/// </summary>
internal sealed class GaugeFolding(NpgsqlConnection connection)
{
    private const string Columns = "x.occurred_at, x.seq, x.variant, x.value";
    private const string OfSeries = "x.owner_id = n.owner_id AND x.app_id = n.app_id AND x.metric = n.metric AND x.subject = n.subject AND x.owner_kind + 0 = n.owner_kind";
    private const string Folded = "NOT EXISTS (SELECT FROM unfolded u WHERE u.seq = x.seq)";

    /// <summary>
    /// The claimed readings drive the query, each found by its position (<c>OFFSET 0</c> keeps the planner from
    /// flattening that lookup into a join: on a table growing faster than its statistics it scanned every event and
    /// probed <c>unfolded</c> for each, auto_explain on the intake benchmark).
    /// </summary>
    private const string Neighbours = $"""
        SELECT n.owner_kind, n.owner_id, n.app_id, n.metric, n.subject, n.occurred_at, n.seq, n.variant, n.value,
               p.occurred_at AS p_at, p.seq AS p_seq, p.variant AS p_variant, p.value AS p_value,
               s.occurred_at AS s_at, s.seq AS s_seq, s.variant AS s_variant, s.value AS s_value
        FROM unfolded c
        CROSS JOIN LATERAL (SELECT * FROM usage.usage_events e WHERE e.seq = c.seq OFFSET 0) n
        LEFT JOIN LATERAL (
            SELECT {Columns} FROM usage.usage_events x
            WHERE {OfSeries} AND x.occurred_at <= n.occurred_at AND (x.occurred_at < n.occurred_at OR x.seq < n.seq) AND {Folded}
            ORDER BY x.occurred_at DESC, x.seq DESC LIMIT 1) p ON true
        LEFT JOIN LATERAL (
            SELECT {Columns} FROM usage.usage_events x
            WHERE {OfSeries} AND x.occurred_at >= n.occurred_at AND (x.occurred_at > n.occurred_at OR x.seq > n.seq) AND {Folded}
            ORDER BY x.occurred_at, x.seq LIMIT 1) s ON true
        WHERE c.claimed
        """;

    /// <summary>
    /// Written to a work table first, then read: streamed, the rows left PostgreSQL a socket buffer at a time as the
    /// probes produced them, and each trickle woke a host thread (the host's CPU per event on the intake benchmark:
    /// 27 against 19–20 ms per 1,000 events read this way, two pairs of runs).
    /// </summary>
    private const string MaterializedNeighbours = $"CREATE TEMP TABLE neighbours ON COMMIT DROP AS {Neighbours};\nSELECT * FROM neighbours";

    private const string KeyColumns = "kind, owner, app, metric, subject, variant, day";
    private const string SameKey = "r.owner_id = k.owner AND r.owner_kind = k.kind AND r.app_id = k.app AND r.metric = k.metric AND r.subject = k.subject AND r.variant = k.variant AND r.period_start = k.day";

    private const string StoredRows = $"""
        SELECT k.i, r.value_total, r.max_value, r.pieces
        FROM unnest(@kind, @owner, @app, @metric, @subject, @variant, @day) WITH ORDINALITY AS k({KeyColumns}, i)
        JOIN usage.daily_rollups r ON {SameKey}
        """;

    // The deleted and the upserted keys are disjoint: one statement (see RollupMaintenance on why a key cannot be both).
    private const string WriteRows = $"""
        WITH k AS (SELECT * FROM unnest(@kind, @owner, @app, @metric, @subject, @variant, @day, @total, @max, @pieces) AS k({KeyColumns}, total, max_value, pieces)),
        gone AS (DELETE FROM usage.daily_rollups r USING k WHERE k.pieces = 0 AND {SameKey})
        INSERT INTO usage.daily_rollups (owner_kind, owner_id, app_id, metric, subject, variant, period_start, value_total, max_value, pieces)
        SELECT kind, owner, app, metric, subject, variant, day, total, max_value, pieces FROM k WHERE pieces > 0
        ON CONFLICT (owner_id, owner_kind, app_id, metric, subject, variant, period_start) DO UPDATE
        SET value_total = excluded.value_total, max_value = excluded.max_value, pieces = excluded.pieces
        """;

    private const string Recompute = """
        INSERT INTO pending_series SELECT * FROM unnest(@kind, @owner, @app, @metric, @subject, @day)
        """;

    /// <summary>Folds the claimed readings.</summary>
    public async Task<Outcome> FoldAsync(CancellationToken cancellationToken)
    {
        var gaps = await ReadGapsAsync(cancellationToken);
        if (gaps.Count == 0)
        {
            return Outcome.None;
        }

        var changes = GaugeDeltas.Changes(gaps);
        var keys = changes.Keys.ToArray();
        var stored = await ReadRowsAsync(keys, cancellationToken);
        var figures = new DayFigures?[keys.Length];
        var unknown = new HashSet<(BillableOwner, GaugeSeries)>();
        for (var i = 0; i < keys.Length; i++)
        {
            figures[i] = GaugeDeltas.Apply(stored[i], changes[keys[i]]);
            if (figures[i] is null)
            {
                unknown.Add((keys[i].Owner, keys[i].Series));
            }
        }

        var known = Enumerable.Range(0, keys.Length).Where(i => !unknown.Contains((keys[i].Owner, keys[i].Series))).ToList();
        await WriteRowsAsync([.. known.Select(i => keys[i])], [.. known.Select(i => figures[i]!.Value)], cancellationToken);
        if (unknown.Count > 0)
        {
            await RecomputeAsync(gaps.Where(g => unknown.Contains((g.Owner, g.Series))), cancellationToken);
        }

        return new Outcome(gaps.Where(g => !unknown.Contains((g.Owner, g.Series))).Sum(g => g.Arrived.Count), unknown.Count);
    }

    /// <summary>Readings folded from their neighbours; series left to the recompute from their events.</summary>
    public readonly record struct Outcome(int Folded, int Recomputed)
    {
        public static Outcome None => default;
    }

    private async Task<List<GaugeGap>> ReadGapsAsync(CancellationToken cancellationToken)
    {
        var gaps = new Dictionary<(BillableOwner Owner, GaugeSeries Series, long Before), GaugeGap>();
        await using var command = new NpgsqlCommand(MaterializedNeighbours, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var owner = new BillableOwner((BillableOwnerKind)reader.GetInt32(0), reader.GetGuid(1));
            var series = new GaugeSeries(reader.GetGuid(2), reader.GetString(3), reader.GetString(4));
            var arrived = Reading(reader, 5)!.Value;
            var before = Reading(reader, 9);
            var key = (owner, series, before?.Seq ?? 0);
            if (gaps.TryGetValue(key, out var gap))
            {
                gap.Arrived.Add(arrived);
            }
            else
            {
                gaps.Add(key, new GaugeGap(owner, series, before, [arrived], Reading(reader, 13)));
            }
        }

        return [.. gaps.Values];
    }

    private static GaugeReading? Reading(NpgsqlDataReader reader, int at) =>
        reader.IsDBNull(at) ? null : new GaugeReading(reader.GetFieldValue<DateTimeOffset>(at), reader.GetInt64(at + 1), reader.GetString(at + 2), reader.GetDecimal(at + 3));

    private async Task<DayFigures?[]> ReadRowsAsync(RollupDay[] keys, CancellationToken cancellationToken)
    {
        var rows = new DayFigures?[keys.Length];
        await using var command = new NpgsqlCommand(StoredRows, connection);
        AddKeys(command, keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetInt64(0) - 1] = new DayFigures(reader.GetDecimal(1), reader.GetDecimal(2), reader.GetInt64(3));
        }

        return rows;
    }

    private async Task WriteRowsAsync(RollupDay[] keys, DayFigures[] figures, CancellationToken cancellationToken)
    {
        if (keys.Length == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(WriteRows, connection);
        AddKeys(command, keys);
        command.AddArray("total", NpgsqlDbType.Numeric, [.. figures.Select(f => f.Total)]);
        command.AddArray("max", NpgsqlDbType.Numeric, [.. figures.Select(f => f.Max)]);
        command.AddArray("pieces", NpgsqlDbType.Bigint, [.. figures.Select(f => f.Pieces)]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Each series from the day of its earliest arrival (the recompute widens to the reading before it).</summary>
    private async Task RecomputeAsync(IEnumerable<GaugeGap> gaps, CancellationToken cancellationToken)
    {
        var from = gaps
            .GroupBy(g => (g.Owner, g.Series))
            .Select(s => new RollupDay(s.Key.Owner, s.Key.Series, string.Empty, ClosedStretches.DayOf(s.Min(g => g.Arrived.Min().At))))
            .ToArray();
        await using var command = new NpgsqlCommand(Recompute, connection);
        AddKeys(command, from, withVariant: false);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddKeys(NpgsqlCommand command, RollupDay[] keys, bool withVariant = true)
    {
        command.AddArray("kind", NpgsqlDbType.Integer, [.. keys.Select(k => (int)k.Owner.Kind)]);
        command.AddArray("owner", NpgsqlDbType.Uuid, [.. keys.Select(k => k.Owner.Id)]);
        command.AddArray("app", NpgsqlDbType.Uuid, [.. keys.Select(k => k.Series.AppId)]);
        command.AddArray("metric", NpgsqlDbType.Text, [.. keys.Select(k => k.Series.Metric)]);
        command.AddArray("subject", NpgsqlDbType.Text, [.. keys.Select(k => k.Series.Subject)]);
        if (withVariant)
        {
            command.AddArray("variant", NpgsqlDbType.Text, [.. keys.Select(k => k.Variant)]);
        }

        command.AddArray("day", NpgsqlDbType.TimestampTz, [.. keys.Select(k => k.Day)]);
    }
}
