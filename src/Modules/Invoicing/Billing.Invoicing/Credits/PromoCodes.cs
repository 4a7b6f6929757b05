using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Mediation;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Invoicing.Credits;

/// <summary>Billing support defines a promo code (staff; a mandatory reason, audited); a taken code is a 422.</summary>
internal sealed record DefinePromoCode(string? Code1, string? Code2, string? Title, long AmountCents, DateTimeOffset? ExpiresAt, string? Reason, string Actor)
    : ICommand<PromoCodeRepresentation>;

internal sealed record PromoCodeRepresentation(Guid Id, string Code1, string? Code2, string Title, long Amount, DateTimeOffset ExpiresAt, string Source, string CreatedBy, string Reason, DateTimeOffset CreatedAt)
{
    public static PromoCodeRepresentation From(PromoCode c) =>
        new(c.Id, c.Code1, c.Code2.Length == 0 ? null : c.Code2, c.Title, c.AmountCents, c.ExpiresAt, c.FromLegacy ? "legacy" : "host", c.CreatedBy, c.Reason, c.CreatedAt);
}

internal sealed class DefinePromoCodeValidator(TimeProvider time) : IValidator<DefinePromoCode>
{
    public IEnumerable<FieldError> Validate(DefinePromoCode message) =>
        PromoCode.Check(message.Code1, message.Code2, message.Title, message.AmountCents, message.ExpiresAt, message.Reason, time.GetUtcNow());
}

internal sealed class DefinePromoCodeHandler(InvoicingDbContext db, TimeProvider time) : ICommandHandler<DefinePromoCode, PromoCodeRepresentation>
{
    public async ValueTask<PromoCodeRepresentation> Handle(DefinePromoCode command, CancellationToken cancellationToken)
    {
        var code = PromoCode.Define(command.Code1, command.Code2, command.Title, command.AmountCents, command.ExpiresAt, command.Reason, command.Actor, time.GetUtcNow());
        if (await db.PromoCodes.AnyAsync(c => c.Code1 == code.Code1 && c.Code2 == code.Code2, cancellationToken))
        {
            throw PromoCodeEndpoints.Taken();
        }

        db.PromoCodes.Add(code);
        db.AuditEntries.Add(new AuditEntry(command.Actor, "promo_code.defined", $"promo-code:{code.Display}", code.Reason, 0, code.AmountCents, code.CreatedAt));
        return PromoCodeRepresentation.From(code);
    }
}

internal static class PromoCodeEndpoints
{
    public static ValidationFailedException Taken() => new("code1", "is taken: a promo code with these parts exists");

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/admin/invoicing/promo-codes", async (PromoCodeBody body, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
        {
            try
            {
                var code = await sender.Send(new DefinePromoCode(body.Code1, body.Code2, body.Title, body.Amount ?? 0, body.ExpiresAt, body.Reason, caller.TokenId), ct);
                return TypedResults.Created($"/admin/invoicing/promo-codes/{code.Id}", code);
            }
            catch (DbUpdateException conflict) when (conflict.IsUniqueViolation())
            {
                throw Taken(); // defined concurrently: the (code1, code2) key let only one in
            }
        }).RequireAuthorization(Policies.Staff);

        api.MapGet("/admin/invoicing/promo-codes", async (InvoicingDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.PromoCodes.AsNoTracking().OrderBy(c => c.Code1).ThenBy(c => c.Code2).ToListAsync(ct)).Select(PromoCodeRepresentation.From)))
            .RequireAuthorization(Policies.Staff);
    }

    internal sealed record PromoCodeBody(string? Code1, string? Code2, string? Title, long? Amount, DateTimeOffset? ExpiresAt, string? Reason);
}
