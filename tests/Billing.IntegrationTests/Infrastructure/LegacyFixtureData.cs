using System.Text.Json;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>Tokens and ids from the legacy stand-ins' shared fixture data set.</summary>
public static class LegacyFixtureData
{
    private static readonly Lazy<JsonElement> Directory = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(LegacyProcess.RepositoryRoot(), "legacy-adapters", "stand-ins", "fixtures", "data", "directory.json"))).RootElement.Clone());

    public const string AdminToken = "legacy_admin_token";

    public static LegacyCustomer Customer(string email)
    {
        var account = Directory.Value.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("email").GetString() == email);
        var id = account.GetProperty("id").GetString()!;
        var token = Directory.Value.GetProperty("tokens").EnumerateArray().Single(t => t.GetProperty("account_id").GetString() == id);
        return new LegacyCustomer(
            Guid.Parse(id),
            token.GetProperty("token").GetString()!,
            [.. token.GetProperty("team_ids").EnumerateArray().Select(t => Guid.Parse(t.GetString()!))],
            [.. token.GetProperty("enterprise_account_ids").EnumerateArray().Select(t => Guid.Parse(t.GetString()!))]);
    }

    public static Guid TeamId(string name) =>
        Guid.Parse(Directory.Value.GetProperty("teams").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name).GetProperty("id").GetString()!);

    public static Guid EnterpriseAccountId(string name) =>
        Guid.Parse(Directory.Value.GetProperty("enterprise_accounts").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name).GetProperty("id").GetString()!);
}

public sealed record LegacyCustomer(Guid AccountId, string Token, IReadOnlyList<Guid> TeamIds, IReadOnlyList<Guid> EnterpriseAccountIds);
