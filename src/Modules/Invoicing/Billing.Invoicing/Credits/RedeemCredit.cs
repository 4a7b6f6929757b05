using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Http;
using Billing.Invoicing.Contracts;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Credits;

/// <summary>
/// <c>POST /account/credits</c>: a customer redeems a promo code (<c>code1</c>, and <c>code2</c> for two-part codes).
/// Legacy's answers, in legacy's order (ADR 0035): a field that is not a string, a missing <c>code1</c>, an unknown code
/// and an expired one are 422 <c>invalid_params</c> with legacy's message; a code the account already redeemed answers 201
/// with the same credit (its id is derived from account and code), before the expiry check, exactly as legacy does. So a
/// retried request, with or without an Idempotency-Key, never grants twice.
/// </summary>
internal sealed record RedeemCredit(Guid AccountId, JsonElement? Body, string RedeemedBy) : ICommand<CreditRepresentation>;

internal sealed class RedeemCreditHandler(InvoicingDbContext db, TimeProvider time) : ICommandHandler<RedeemCredit, CreditRepresentation>
{
    public async ValueTask<CreditRepresentation> Handle(RedeemCredit command, CancellationToken cancellationToken)
    {
        var (code1, code2) = Codes(command.Body);
        var code = await db.PromoCodes.AsNoTracking().SingleOrDefaultAsync(c => c.Code1 == code1 && c.Code2 == code2, cancellationToken)
            ?? throw new InvalidParamsException("That credit code is not valid.");
        var creditId = code.CreditIdFor(command.AccountId);
        var redeemed = await db.Credits.AsNoTracking().SingleOrDefaultAsync(c => c.Id == creditId, cancellationToken);
        if (redeemed is not null)
        {
            return CreditRepresentation.From(redeemed);
        }

        var now = time.GetUtcNow();
        if (code.ExpiresAt <= now)
        {
            throw new InvalidParamsException("That credit code has expired.");
        }

        var balance = await db.Credits.Where(c => c.AccountId == command.AccountId && c.ExpiresAt > now).SumAsync(c => c.BalanceCents, cancellationToken);
        var credit = Credit.Redeem(code, command.AccountId, command.RedeemedBy, now);
        db.Credits.Add(credit);
        db.Publish(new CreditGranted(Guid.CreateVersion7(now), now, credit.Id, credit.AccountId, credit.AmountCents, credit.ExpiresAt, credit.Reason));
        db.AuditEntries.Add(new AuditEntry(command.RedeemedBy, "credit.redeemed", BillableOwner.Account(command.AccountId).ToString(), credit.Reason, balance, balance + credit.AmountCents, now));
        return CreditRepresentation.From(credit);
    }

    /// <summary>Legacy's body rules: an object (else 400), each code a string or null (else 422), <c>code1</c> not blank.</summary>
    private static (string Code1, string Code2) Codes(JsonElement? body)
    {
        var json = body is { ValueKind: not JsonValueKind.Undefined } given ? given : default(JsonElement?);
        if (json is { ValueKind: not JsonValueKind.Object })
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorIds.BadRequest, "Request body must be a JSON object.");
        }

        string Code(string field) =>
            json is { } o && o.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
                ? value.ValueKind == JsonValueKind.String ? PromoCode.Normalize(value.GetString()) : throw new InvalidParamsException($"{field} must be a string.")
                : string.Empty;

        var (code1, code2) = (Code("code1"), Code("code2"));
        return code1.Length == 0 ? throw new InvalidParamsException("code1 is required.") : (code1, code2);
    }
}
