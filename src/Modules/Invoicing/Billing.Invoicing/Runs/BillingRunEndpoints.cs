using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Mediation;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Runs;

/// <summary>Admin: start a billing run for a period (optionally dry), and watch every run's progress.</summary>
internal static class BillingRunEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/admin/invoicing/runs", async (StartRunBody body, Caller caller, BillingRunStarter runs, InvoicingDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var period = BillingMonth.Parse(body.Period);
            if (body.DryRun != true && period.End > time.GetUtcNow())
            {
                // A real run finalizes: a month still running would be invoiced part-way and never again.
                throw new ValidationFailedException([new FieldError("period", "must be a closed calendar month, YYYY-MM, for a real run (a dry run may preview an open one)")]);
            }

            var run = await runs.StartAsync(period, body.DryRun ?? false, caller.TokenId, ct);
            return TypedResults.Accepted($"/admin/invoicing/runs/{run.Id}", await ProgressAsync(db, run.Id, ct));
        }).RequireAuthorization(Policies.Admin);

        api.MapGet("/admin/invoicing/runs", async (InvoicingDbContext db, CancellationToken ct) =>
        {
            var ids = await db.BillingRuns.AsNoTracking().OrderByDescending(r => r.CreatedAt).Select(r => r.Id).Take(100).ToListAsync(ct);
            var list = new List<BillingRunProgress>();
            foreach (var id in ids)
            {
                list.Add(await ProgressAsync(db, id, ct));
            }

            return TypedResults.Ok(list);
        }).RequireAuthorization(Policies.Staff);

        api.MapGet("/admin/invoicing/runs/{run_id:guid}", async ([FromRoute(Name = "run_id")] Guid runId, InvoicingDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await ProgressAsync(db, runId, ct))).RequireAuthorization(Policies.Staff);
    }


    private static async Task<BillingRunProgress> ProgressAsync(InvoicingDbContext db, Guid runId, CancellationToken ct)
    {
        var run = await db.BillingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct)
            ?? throw new Billing.BuildingBlocks.Http.NotFoundException("Couldn't find that billing run.");
        var counts = await db.BillingRunItems.AsNoTracking().Where(i => i.RunId == runId)
            .GroupBy(i => i.Status).Select(g => new { Status = g.Key, Count = g.Count(), Total = g.Sum(i => i.TotalCents ?? 0) }).ToListAsync(ct);
        var failures = await db.BillingRunItems.AsNoTracking().Where(i => i.RunId == runId && i.Status == BillingRunItemStatus.Failed)
            .OrderBy(i => i.OwnerId).Take(100).ToListAsync(ct);
        int Count(BillingRunItemStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        return new BillingRunProgress(run.Id, run.PeriodStart, run.PeriodEnd, run.DryRun, run.Status.ToString().ToLowerInvariant(), run.Partitions,
            counts.Sum(c => c.Count), Count(BillingRunItemStatus.Done), Count(BillingRunItemStatus.Failed), Count(BillingRunItemStatus.Pending),
            counts.Where(c => c.Status == BillingRunItemStatus.Done).Sum(c => c.Total),
            [.. failures.Select(f => new BillingRunFailure(f.Owner.ToString(), f.Attempts, f.LastError))],
            run.CreatedAt, run.CompletedAt);
    }

    internal sealed record StartRunBody(string? Period, bool? DryRun);
}

internal sealed record BillingRunProgress(
    Guid Id, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool DryRun, string Status, int Partitions,
    int Total, int Done, int Failed, int Pending, long TotalCents, IReadOnlyList<BillingRunFailure> Failures,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

internal sealed record BillingRunFailure(string Owner, int Attempts, string? Error);
