using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Messaging;

/// <summary>Operators list poison messages that were parked after repeated failures and replay them once fixed.</summary>
public static class MessagingAdminEndpoints
{
    public static void MapMessagingAdmin(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/messaging").WithTags("admin");
        group.MapGet("/parked", ListParked);
        group.MapPost("/parked/{module}/{id:guid}/replay", Replay);
    }

    private static async Task<IResult> ListParked(IServiceProvider services, ModuleCatalog catalog, CancellationToken cancellationToken)
    {
        var parked = new List<ParkedMessage>();
        foreach (var module in catalog.Modules)
        {
            var context = (ModuleDbContext)services.GetRequiredService(module.DbContextType);
            var rows = await context.OutboxMessages.AsNoTracking().Where(m => m.ParkedAt != null).ToListAsync(cancellationToken);
            parked.AddRange(rows.Select(m => new ParkedMessage(module.Name, m.Id, m.Type, m.Attempts, m.LastError, m.OccurredAt, m.ParkedAt!.Value, m.Payload)));
        }

        return Results.Ok(parked.OrderBy(p => p.ParkedAt).ToList());
    }

    private static async Task<IResult> Replay(string module, Guid id, IServiceProvider services, ModuleCatalog catalog, TimeProvider time, OutboxSignal signal, CancellationToken cancellationToken)
    {
        var descriptor = catalog.FindByName(module) ?? throw new NotFoundException($"Couldn't find that module: {module}.");
        var context = (ModuleDbContext)services.GetRequiredService(descriptor.DbContextType);
        var message = await context.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id && m.ParkedAt != null, cancellationToken)
            ?? throw new NotFoundException("Couldn't find that parked message.");
        message.Replay(time.GetUtcNow());
        await context.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return Results.Ok(new { module = descriptor.Name, id, state = "queued" });
    }

    private sealed record ParkedMessage(string Module, Guid Id, string Type, int Attempts, string? LastError, DateTimeOffset OccurredAt, DateTimeOffset ParkedAt, string Payload);
}
