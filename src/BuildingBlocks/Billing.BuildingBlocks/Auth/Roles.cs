namespace Billing.BuildingBlocks.Auth;

public static class Roles
{
    /// <summary>An account holder: sees only its own account, teams and enterprise accounts.</summary>
    public const string Customer = "customer";

    /// <summary>Billing-support staff: read any account, adjust with a reason.</summary>
    public const string BillingSupport = "billing-support";

    public const string Admin = "admin";

    /// <summary>A platform component that reports usage; may ingest and nothing else.</summary>
    public const string UsageProducer = "usage-producer";

    public static readonly IReadOnlyList<string> All = [Customer, BillingSupport, Admin, UsageProducer];
}

public static class Policies
{
    public const string Admin = "admin";
    public const string Staff = "staff";
    public const string Customer = "customer";
    public const string UsageProducer = "usage-producer";
}

public static class BillingClaims
{
    public const string TokenId = "billing:token_id";
    public const string AccountId = "billing:account_id";
    public const string TeamId = "billing:team_id";
    public const string EnterpriseAccountId = "billing:enterprise_account_id";
}
