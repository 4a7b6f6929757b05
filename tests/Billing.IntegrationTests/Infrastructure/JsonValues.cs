using System.Text.Json;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>The shadow comparison's rule for two bodies: same JSON values (1 and 1.0 alike), key order aside, some fields ignored.</summary>
public static class JsonValues
{
    public static bool Equivalent(string a, string b, params string[] ignored) =>
        Same(JsonDocument.Parse(a).RootElement, JsonDocument.Parse(b).RootElement, ignored);

    private static bool Same(JsonElement a, JsonElement b, string[] ignored) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Object, JsonValueKind.Object) =>
            a.EnumerateObject().Where(p => !ignored.Contains(p.Name)).Select(p => p.Name).Order().SequenceEqual(b.EnumerateObject().Where(p => !ignored.Contains(p.Name)).Select(p => p.Name).Order())
            && a.EnumerateObject().Where(p => !ignored.Contains(p.Name)).All(p => Same(p.Value, b.GetProperty(p.Name), ignored)),
        (JsonValueKind.Array, JsonValueKind.Array) => a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(x => Same(x.First, x.Second, ignored)),
        (JsonValueKind.Number, JsonValueKind.Number) => a.GetDecimal() == b.GetDecimal(),
        _ => a.ValueKind == b.ValueKind && a.GetRawText() == b.GetRawText(),
    };
}
