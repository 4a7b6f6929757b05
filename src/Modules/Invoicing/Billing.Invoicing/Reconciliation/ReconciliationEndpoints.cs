using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Mediation;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Reconciliation;

/// <summary>Staff: reconcile a period now, and read its differences per owner with their reason codes.</summary>
internal static class ReconciliationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/admin/invoicing/reconciliations/{period}", async (string period, LegacyReconciliation reconciliation, CancellationToken ct) =>
            TypedResults.Ok(await reconciliation.RunAsync(BillingMonth.Parse(period), ct))).RequireAuthorization(Policies.Staff);

        api.MapGet("/admin/invoicing/reconciliations/{period}", async (string period, string? owner, InvoicingDbContext db, CancellationToken ct) =>
        {
            var start = BillingMonth.Parse(period).Start;
            var differences = await db.ReconciliationDifferences.AsNoTracking().Where(d => d.PeriodStart == start).ToListAsync(ct);
            var byOwner = differences
                .Select(d => (Owner: new BillableOwner(d.OwnerKind, d.OwnerId).ToString(), Difference: d))
                .Where(d => owner is null || d.Owner == owner)
                .GroupBy(d => d.Owner)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new OwnerDifferences(g.Key, [.. g.Select(d => new DifferenceRepresentation(d.Difference.Reason, d.Difference.Explained, d.Difference.Subject, d.Difference.LegacyCents, d.Difference.NewCents))]))
                .ToList();
            return TypedResults.Ok(new PeriodDifferences(period, byOwner.Sum(o => o.Differences.Count(d => !d.Explained)), byOwner.Sum(o => o.Differences.Count(d => d.Explained)), byOwner));
        }).RequireAuthorization(Policies.Staff);
    }

}

internal sealed record PeriodDifferences(string Period, int Unexplained, int Explained, IReadOnlyList<OwnerDifferences> Owners);

internal sealed record OwnerDifferences(string Owner, IReadOnlyList<DifferenceRepresentation> Differences);

internal sealed record DifferenceRepresentation(string Reason, bool Explained, string Subject, long? LegacyCents, long? NewCents);
