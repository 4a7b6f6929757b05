using System.Text.Json;
using System.Text.Json.Serialization;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Domain;
using Billing.Invoicing.LegacyReplay;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Invoicing.InvoiceAddresses;

/// <summary>The <c>invoice-address</c> resource (contract §4.1); heroku_id is legacy's opaque account reference.</summary>
internal sealed record InvoiceAddressRepresentation(
    [property: JsonPropertyName("address_1")] string? Address1,
    [property: JsonPropertyName("address_2")] string? Address2, string? City, string? Country, string? HerokuId, string? Other, string? PostalCode, string? State, bool UseInvoiceAddress)
{
    public static InvoiceAddressRepresentation From(InvoiceAddress a) =>
        new(a.Address1, a.Address2, a.City, a.Country, a.HerokuId, a.Other, a.PostalCode, a.State, a.UseInvoiceAddress);
}

internal sealed record GetInvoiceAddress(Guid AccountId) : IQuery<InvoiceAddressRepresentation>;

internal sealed class GetInvoiceAddressHandler(InvoicingDbContext db) : IQueryHandler<GetInvoiceAddress, InvoiceAddressRepresentation>
{
    public async ValueTask<InvoiceAddressRepresentation> Handle(GetInvoiceAddress query, CancellationToken cancellationToken)
    {
        var entity = await db.BillingEntities.AsNoTracking()
            .SingleOrDefaultAsync(e => e.OwnerKind == BillableOwnerKind.Account && e.OwnerId == query.AccountId, cancellationToken);
        return InvoiceAddressRepresentation.From(entity?.Address ?? new InvoiceAddress());
    }
}

/// <summary>PUT merges the fields given (every one optional); a field given with the wrong type is 422.</summary>
internal sealed record UpdateInvoiceAddress(Guid AccountId, JsonElement Body) : ICommand<InvoiceAddressRepresentation>
{
    public static readonly string[] TextFields = ["address_1", "address_2", "city", "country", "other", "postal_code", "state"];
}

internal sealed class UpdateInvoiceAddressValidator : IValidator<UpdateInvoiceAddress>
{
    public IEnumerable<FieldError> Validate(UpdateInvoiceAddress message)
    {
        if (message.Body.ValueKind != JsonValueKind.Object)
        {
            yield return new FieldError("body", "must be a JSON object");
            yield break;
        }

        foreach (var field in UpdateInvoiceAddress.TextFields)
        {
            if (message.Body.TryGetProperty(field, out var value) && (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 255))
            {
                yield return new FieldError(field, "must be a string of at most 255 characters");
            }
        }

        if (message.Body.TryGetProperty("use_invoice_address", out var use) && use.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            yield return new FieldError("use_invoice_address", "must be a boolean");
        }
    }
}

internal sealed class UpdateInvoiceAddressHandler(InvoicingDbContext db, TimeProvider time) : ICommandHandler<UpdateInvoiceAddress, InvoiceAddressRepresentation>
{
    public async ValueTask<InvoiceAddressRepresentation> Handle(UpdateInvoiceAddress command, CancellationToken cancellationToken)
    {
        var owner = BillableOwner.Account(command.AccountId);
        var entity = await db.BillingEntities.SingleOrDefaultAsync(e => e.OwnerKind == owner.Kind && e.OwnerId == owner.Id, cancellationToken)
            ?? db.BillingEntities.Add(new BillingEntity(owner)).Entity;
        string? Text(string field, string? current) => command.Body.TryGetProperty(field, out var v) ? v.GetString() : current;
        var a = entity.Address;
        entity.WriteAddress(a with
        {
            Address1 = Text("address_1", a.Address1),
            Address2 = Text("address_2", a.Address2),
            City = Text("city", a.City),
            Country = Text("country", a.Country),
            Other = Text("other", a.Other),
            PostalCode = Text("postal_code", a.PostalCode),
            State = Text("state", a.State),
            UseInvoiceAddress = command.Body.TryGetProperty("use_invoice_address", out var use) ? use.GetBoolean() : a.UseInvoiceAddress,
        }, time.GetUtcNow());
        return InvoiceAddressRepresentation.From(entity.Address);
    }
}

internal static class InvoiceAddressEndpoints
{
    public const string Read = "invoice-address.account.read";
    public const string Write = "invoice-address.account.write";

    public static void Map(RouteGroupBuilder api)
    {
        // Operators, when the write goes back to Legacy (docs/migration-playbook.md): addresses written here, into legacy.
        api.MapPost("/admin/invoicing/invoice-addresses/replay-to-legacy", async (ReplayBody? body, Caller caller, InvoiceAddressReplay replay, CancellationToken ct) =>
            TypedResults.Ok(await replay.ReplayAsync(body?.Reason, caller.TokenId, ct))).RequireAuthorization(Policies.Admin);
        api.MapGet("/admin/invoicing/invoice-addresses/replay-to-legacy", async (InvoiceAddressReplay replay, CancellationToken ct) =>
            TypedResults.Ok(await replay.AwaitingAsync(ct))).RequireAuthorization(Policies.Admin);

        api.MapGet("/account/invoice-address", async (Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new GetInvoiceAddress(caller.RequireAccount()), ct))).WithCapability(Read);

        api.MapPut("/account/invoice-address", async (JsonElement? body, HttpRequest request, Caller caller, [FromKeyedServices(InvoicingModule.ModuleName)] ISender sender, InvoicingDbContext db, CancellationToken ct) =>
        {
            var update = new UpdateInvoiceAddress(caller.RequireAccount(), ObjectBody(body, request));
            try
            {
                return TypedResults.Ok(await sender.Send(update, ct));
            }
            catch (DbUpdateException conflict) when (conflict.IsUniqueViolation())
            {
                // The account's first write raced another (a double-clicked save): both inserted its billing entity and
                // the key let one in. Written again, this one updates the winner's row (last write wins, as any PUT).
                db.ChangeTracker.Clear();
                return TypedResults.Ok(await sender.Send(update, ct));
            }
        }).WithCapability(Write);
    }

    /// <summary>
    /// Legacy's body rules, which clients see through the strangler unchanged: an empty body changes nothing (200), a body
    /// that is JSON but not an object (an array, a number, <c>null</c>) is 400 <c>bad_request</c>, not a 422.
    /// </summary>
    private static JsonElement ObjectBody(JsonElement? body, HttpRequest request) => body switch
    {
        { ValueKind: JsonValueKind.Object } given => given.Clone(),
        null or { ValueKind: JsonValueKind.Undefined } when request.ContentLength is null or 0 => EmptyObject,
        _ => throw new ApiException(StatusCodes.Status400BadRequest, ErrorIds.BadRequest, "Request body must be a JSON object."),
    };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
