using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Billing.Invoicing.Issuing;

/// <summary>
/// Inserts finalized invoices and their lines in the caller's transaction. On PostgreSQL a partition's lines and
/// invoices are two binary COPYs (a run writes tens of thousands of lines, each with its explanation; through the change
/// tracker that cost more than rating them), the lines first and before the numbering lock, with their foreign key
/// checked at commit (ADR 0048); elsewhere both go through the change tracker and the caller's SaveChanges. The
/// database's keys and immutability triggers apply either way.
/// </summary>
internal sealed class InvoiceWriter(InvoicingDbContext db)
{
    /// <summary>Deferrable since migration <c>DeferrableInvoiceLineKey</c>; checked when each statement ends unless deferred.</summary>
    private const string LinesInvoiceKey = "fk_invoice_lines_invoices_invoice_id";

    /// <summary>
    /// PostgreSQL: writes the lines of <paramref name="invoices"/> ahead of the invoices themselves, which are numbered
    /// (and written by <see cref="InsertInvoicesAsync"/>) later in the same transaction. Elsewhere nothing happens here.
    /// </summary>
    public async Task InsertLinesAheadAsync(IReadOnlyList<Invoice> invoices, CancellationToken cancellationToken)
    {
        if (invoices.Count == 0 || db.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var defer = new NpgsqlCommand($"SET CONSTRAINTS {db.Schema}.{LinesInvoiceKey} DEFERRED", connection))
        {
            await defer.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyLinesAsync(connection, invoices, cancellationToken);
    }

    /// <summary>The invoices, numbered; on PostgreSQL their lines must have been written by <see cref="InsertLinesAheadAsync"/>.</summary>
    public async Task InsertInvoicesAsync(IReadOnlyList<Invoice> invoices, CancellationToken cancellationToken)
    {
        if (invoices.Count == 0)
        {
            return;
        }

        if (db.Provider != DatabaseProvider.Postgres)
        {
            db.Invoices.AddRange(invoices);
            return;
        }

        await CopyInvoicesAsync((NpgsqlConnection)db.Database.GetDbConnection(), invoices, cancellationToken);
    }

    private async Task CopyInvoicesAsync(NpgsqlConnection connection, IReadOnlyList<Invoice> invoices, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"""
            COPY {db.Schema}.invoices (id, number, owner_kind, owner_id, period_start, period_end, status, source, charges_cents, credits_cents,
              tax_cents, total_cents, platform_cents, database_cents, addons_cents, dyno_units, weighted_dyno_hours, created_at, updated_at, usage_through)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var invoice in invoices)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(invoice.Id, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(invoice.Number, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync((int)invoice.OwnerKind, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(invoice.OwnerId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(invoice.PeriodStart, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(invoice.PeriodEnd, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync((int)invoice.Status, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync((int)invoice.Source, NpgsqlDbType.Integer, cancellationToken);
            foreach (var cents in new[] { invoice.ChargesCents, invoice.CreditsCents, invoice.TaxCents, invoice.TotalCents, invoice.PlatformCents, invoice.DatabaseCents, invoice.AddonsCents })
            {
                await writer.WriteAsync(cents, NpgsqlDbType.Bigint, cancellationToken);
            }

            await writer.WriteAsync(invoice.DynoUnits, NpgsqlDbType.Numeric, cancellationToken);
            await writer.WriteAsync(invoice.WeightedDynoHours, NpgsqlDbType.Numeric, cancellationToken);
            await writer.WriteAsync(invoice.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(invoice.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            if (invoice.UsageThrough is { } through)
            {
                await writer.WriteAsync(through, NpgsqlDbType.Bigint, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private async Task CopyLinesAsync(NpgsqlConnection connection, IReadOnlyList<Invoice> invoices, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"""
            COPY {db.Schema}.invoice_lines (invoice_id, position, kind, category, app_id, description, quantity_months, unit_price_cents, amount_cents, explanation)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var line in invoices.SelectMany(i => i.Lines))
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(line.InvoiceId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(line.Position, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync((int)line.Kind, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync((int)line.Category, NpgsqlDbType.Integer, cancellationToken);
            if (line.AppId is { } appId)
            {
                await writer.WriteAsync(appId, NpgsqlDbType.Uuid, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }

            await writer.WriteAsync(line.Description, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(line.QuantityMonths, NpgsqlDbType.Numeric, cancellationToken);
            await writer.WriteAsync(line.UnitPriceCents, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(line.AmountCents, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(line.Explanation, NpgsqlDbType.Text, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }
}
