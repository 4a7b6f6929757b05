using System.Diagnostics.CodeAnalysis;

namespace Billing.BuildingBlocks.Abstractions.Billing;

/// <summary>Who pays for usage: a personal account, or a team (whose enterprise account, if any, licenses it).</summary>
public enum BillableOwnerKind
{
    Account = 0,
    Team = 1,
}

/// <summary>
/// The billing entity that usage accrues to and that an invoice is addressed to. Shared by every module
/// (the shared kernel) because Usage, Licensing, Invoicing and Payments all key their data by it.
/// Its text form is <c>account:&lt;uuid&gt;</c> or <c>team:&lt;uuid&gt;</c>.
/// </summary>
public readonly record struct BillableOwner(BillableOwnerKind Kind, Guid Id)
{
    public static BillableOwner Account(Guid id) => new(BillableOwnerKind.Account, id);

    public static BillableOwner Team(Guid id) => new(BillableOwnerKind.Team, id);

    public override string ToString() => $"{(Kind == BillableOwnerKind.Team ? "team" : "account")}:{Id:D}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out BillableOwner? owner)
    {
        owner = null;
        if (text is null)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !Guid.TryParse(text.AsSpan(colon + 1), out var id))
        {
            return false;
        }

        BillableOwnerKind? kind = text[..colon] switch
        {
            "account" => BillableOwnerKind.Account,
            "team" => BillableOwnerKind.Team,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        owner = new BillableOwner(kind.Value, id);
        return true;
    }
}
