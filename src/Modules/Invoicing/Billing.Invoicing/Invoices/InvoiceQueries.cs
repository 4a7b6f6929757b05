using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Invoices;

internal static class InvoiceSortKeys
{
    public static readonly IReadOnlyList<SortKey<Invoice>> All =
    [
        SortKey.ForGuid<Invoice>("id", i => i.Id),
        SortKey.For<Invoice, int>("number", i => i.Number, int.Parse, n => n.ToString()),
    ];
}

/// <summary>An owner's invoices (legacy ones included), by Range.</summary>
internal sealed record ListInvoices(BillableOwner Owner, RangeRequest Range) : IQuery<Page<Invoice>>;

internal sealed class ListInvoicesHandler(InvoicingDbContext db) : IQueryHandler<ListInvoices, Page<Invoice>>
{
    public async ValueTask<Page<Invoice>> Handle(ListInvoices query, CancellationToken cancellationToken) =>
        await db.Invoices.AsNoTracking()
            .Where(i => i.OwnerKind == query.Owner.Kind && i.OwnerId == query.Owner.Id)
            .ToPageAsync(query.Range, InvoiceSortKeys.All, cancellationToken);
}

/// <summary>One of an owner's invoices by number; another owner's is indistinguishable from a missing one.</summary>
internal sealed record GetInvoice(BillableOwner Owner, string Number) : IQuery<Invoice>;

internal sealed class GetInvoiceHandler(InvoicingDbContext db) : IQueryHandler<GetInvoice, Invoice>
{
    public async ValueTask<Invoice> Handle(GetInvoice query, CancellationToken cancellationToken)
    {
        // Digits only, as legacy matches them (\A\d{1,18}\z): "+5", " 5" or "5 " are no invoice number there either.
        var invoice = int.TryParse(query.Number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Number == number && i.OwnerKind == query.Owner.Kind && i.OwnerId == query.Owner.Id, cancellationToken)
            : null;
        return invoice ?? throw new NotFoundException("Couldn't find that invoice.");
    }
}

/// <summary>A team by name or id, as the caller may see it (404 otherwise, never 403).</summary>
internal sealed record FindTeam(string NameOrId, Caller Caller) : IQuery<BillableOwner>;

internal sealed class FindTeamHandler(InvoicingDbContext db) : IQueryHandler<FindTeam, BillableOwner>
{
    public async ValueTask<BillableOwner> Handle(FindTeam query, CancellationToken cancellationToken)
    {
        Guid? id = Guid.TryParse(query.NameOrId, out var parsed) ? parsed : null;
        var team = await db.BillingEntities.AsNoTracking()
            .Where(e => e.OwnerKind == BillableOwnerKind.Team && (e.OwnerId == id || e.TeamName == query.NameOrId))
            .Select(e => (Guid?)e.OwnerId).FirstOrDefaultAsync(cancellationToken);
        var teamId = team ?? id;
        return teamId is { } known && query.Caller.CanSeeTeam(known) ? BillableOwner.Team(known) : throw new NotFoundException("Couldn't find that team.");
    }
}
