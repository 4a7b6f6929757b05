using System.Text.Json;
using Billing.Usage.Domain;

namespace Billing.Usage.Reports;

/// <summary>
/// Writes usage reports byte for byte as legacy does: minified, keys in the contract's order, every quantity with
/// exactly three decimals (<c>24.000</c>), <c>connect</c> as an integer and only on monthly rows.
/// </summary>
internal static class UsageReportJson
{
    public sealed record TeamRow(Guid Id, string Name, ReportPeriod Period, OwnerPeriodUsage Usage);

    public sealed record EnterpriseRow(Guid Id, string Name, ReportPeriod Period, IReadOnlyList<TeamRow> Teams);

    public static byte[] Teams(IEnumerable<TeamRow> rows) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var row in rows)
        {
            WriteTeam(json, row, withLabel: true);
        }

        json.WriteEndArray();
    });

    public static byte[] Enterprise(IEnumerable<EnterpriseRow> rows) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var row in rows)
        {
            json.WriteStartObject();
            json.WriteString("id", row.Id);
            json.WriteString("name", row.Name);
            json.WriteString(row.Period.LabelKey, row.Period.Label);
            var totals = row.Teams.Aggregate(default(UsageNumerators), (sum, t) => sum + t.Usage.Totals);
            WriteFigures(json, totals, row.Period, row.Teams.Sum(t => t.Usage.ConnectRows));
            json.WriteStartArray("teams");
            foreach (var team in row.Teams)
            {
                WriteTeam(json, team, withLabel: false);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        return buffer.ToArray();
    }

    public static void WriteQuantity(Utf8JsonWriter json, string name, Int128 numerator, long periodSeconds)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(UsageNumerators.Format(numerator, periodSeconds), skipInputValidation: true);
    }

    private static void WriteTeam(Utf8JsonWriter json, TeamRow row, bool withLabel)
    {
        json.WriteStartObject();
        json.WriteString("id", row.Id);
        json.WriteString("name", row.Name);
        if (withLabel)
        {
            json.WriteString(row.Period.LabelKey, row.Period.Label);
        }

        WriteFigures(json, row.Usage.Totals, row.Period, row.Usage.ConnectRows);
        var seconds = row.Period.Period.Seconds;
        json.WriteStartArray("apps");
        foreach (var app in row.Usage.Apps)
        {
            json.WriteStartObject();
            json.WriteString("app_name", app.Name);
            WriteQuantity(json, "dynos", app.Figures.Dynos, seconds);
            WriteQuantity(json, "addons", app.Figures.Addons, seconds);
            WriteQuantity(json, "data", app.Figures.Data, seconds);
            WriteQuantity(json, "partner", app.Figures.Partner, seconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFigures(Utf8JsonWriter json, UsageNumerators figures, ReportPeriod period, long connect)
    {
        var seconds = period.Period.Seconds;
        WriteQuantity(json, "dynos", figures.Dynos, seconds);
        WriteQuantity(json, "addons", figures.Addons, seconds);
        WriteQuantity(json, "data", figures.Data, seconds);
        WriteQuantity(json, "partner", figures.Partner, seconds);
        WriteQuantity(json, "space", figures.Space, seconds);
        if (period.Monthly)
        {
            json.WriteNumber("connect", connect);
        }
    }
}
