using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Backfill;

/// <summary>Operators start a backfill (as a Hangfire job) and watch each backfill's checkpoint.</summary>
public static class BackfillAdminEndpoints
{
    public static void MapBackfillAdmin(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/backfills").WithTags("admin");
        group.MapGet(string.Empty, List);
        group.MapPost("/{name}", Start);
    }

    private static async Task<IResult> List(IServiceProvider services, IEnumerable<IBackfill> backfills, ModuleCatalog catalog, CancellationToken cancellationToken)
    {
        var progress = new List<BackfillProgress>();
        foreach (var backfill in backfills.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            var context = (ModuleDbContext)services.GetRequiredService(backfill.DbContextType);
            var checkpoint = await context.BackfillCheckpoints.AsNoTracking().SingleOrDefaultAsync(c => c.Name == backfill.Name, cancellationToken);
            progress.Add(BackfillProgress.From(backfill.Name, catalog.GetOwnerOf(backfill.DbContextType).Name, checkpoint));
        }

        return Results.Ok(progress);
    }

    private static IResult Start(string name, IEnumerable<IBackfill> backfills, IBackgroundJobClient jobs)
    {
        var backfill = backfills.SingleOrDefault(b => b.Name == name) ?? throw new NotFoundException($"Couldn't find that backfill: {name}.");
        var jobId = jobs.Enqueue<BackfillJob>(job => job.RunAsync(backfill.Name, CancellationToken.None));
        return Results.Accepted($"/admin/backfills", new { name = backfill.Name, job_id = jobId, state = "enqueued" });
    }

    private sealed record BackfillProgress(
        string Name,
        string Module,
        string Status,
        string? Cursor,
        int PagesImported,
        long ItemsRead,
        long ItemsWritten,
        DateTimeOffset? StartedAt,
        DateTimeOffset? UpdatedAt,
        DateTimeOffset? FinishedAt,
        string? LastError)
    {
        public static BackfillProgress From(string name, string module, BackfillCheckpoint? checkpoint) => checkpoint is null
            ? new(name, module, "not_started", null, 0, 0, 0, null, null, null, null)
            : new(name, module, checkpoint.Status.ToString().ToLowerInvariant(), checkpoint.Cursor, checkpoint.PagesImported,
                checkpoint.ItemsRead, checkpoint.ItemsWritten, checkpoint.StartedAt, checkpoint.UpdatedAt, checkpoint.FinishedAt, checkpoint.LastError);
    }
}
