using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// Says what a client got wrong in its request, in the API's terms. ASP.NET Core's and System.Text.Json's own messages
/// name .NET types and parameters (<c>System.Int64</c>, <c>"ReplayBody body"</c>, <c>LineNumber: 0</c>), which mean
/// nothing to a caller of a JSON API and show our internals; this turns them into the field and the kind of JSON value
/// expected. A message it does not recognise is replaced by a generic one rather than passed on.
/// </summary>
public static partial class BadRequestMessage
{
    private static readonly ConcurrentDictionary<string, string> KindsByTypeName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Type?> TypesByName = new(StringComparer.Ordinal);

    public static string For(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.InnerException is JsonException json)
        {
            return For(json);
        }

        if (BindFailure().Match(exception.Message) is { Success: true } bind)
        {
            return $"Invalid request: '{bind.Groups["value"].Value}' is not {KindOf(bind.Groups["type"].Value)} for {bind.Groups["name"].Value}.";
        }

        if (MissingParameter().Match(exception.Message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? "Invalid request: a JSON body is required."
                : $"Invalid request: {missing.Groups["name"].Value} is required.";
        }

        if (exception.Message.StartsWith("Implicit body inferred for parameter", StringComparison.Ordinal))
        {
            return "Invalid request: a JSON body is required.";
        }

        return exception.Message.StartsWith("Unexpected end of request content", StringComparison.Ordinal)
            ? "Invalid request: the body ended before it was complete."
            : "Invalid request: the request could not be read.";
    }

    /// <summary>A JSON body that did not parse, or a value of the wrong kind for its field.</summary>
    public static string For(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var where = exception.Path is null or "$" ? "the body" : exception.Path.StartsWith("$.", StringComparison.Ordinal) ? exception.Path[2..] : exception.Path;
        if (ConversionFailure().Match(exception.Message) is { Success: true } conversion)
        {
            return $"Invalid request: {where} must be {KindAt(conversion.Groups["type"].Value, exception.Path)}.";
        }

        if (ReaderPosition().Match(exception.Message) is { Success: true } reader)
        {
            // The reader's own words (e.g. "'x' is an invalid start of a value") are about JSON, not .NET; its 0-based position is not.
            var line = (exception.LineNumber ?? 0) + 1;
            var position = (exception.BytePositionInLine ?? 0) + 1;
            return $"Invalid request: the body is not valid JSON: {reader.Groups["reason"].Value.TrimEnd('.')} (line {line}, byte {position}).";
        }

        // Thrown by one of our converters, with a message written for the caller.
        return $"Invalid request: {where}: {exception.Message}";
    }

    /// <summary>
    /// The kind of value expected at <paramref name="path"/>. System.Text.Json names the type it was reading: the value's
    /// own, or — for a record read through its constructor — the type declaring the field. A declared field of that name
    /// wins; otherwise the type is the value's.
    /// </summary>
    private static string KindAt(string typeName, string? path)
    {
        var field = path is null ? null : FieldName().Match(path) is { Success: true } last ? last.Groups["name"].Value : null;
        if (field is not null && FindType(typeName) is { } declaring
            && declaring.GetProperties().FirstOrDefault(p => JsonNameOf(p).Equals(field, StringComparison.OrdinalIgnoreCase)) is { } property)
        {
            return KindOf(property.PropertyType);
        }

        return KindOf(typeName);
    }

    private static string JsonNameOf(System.Reflection.PropertyInfo property) =>
        property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), inherit: true) is [System.Text.Json.Serialization.JsonPropertyNameAttribute named, ..]
            ? named.Name
            : JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    private static string KindOf(Type type) => KindOf(Nullable.GetUnderlyingType(type) is { } underlying ? underlying.FullName ?? underlying.Name : type.FullName ?? type.Name);

    /// <summary>
    /// The JSON a .NET type is read from, as a caller would put it. System.Text.Json names types in full
    /// (<c>System.Nullable`1[System.Int64]</c>), ASP.NET's binding messages by their C# names (<c>long?</c>, <c>Guid</c>).
    /// </summary>
    private static string KindOf(string typeName) => KindsByTypeName.GetOrAdd(typeName, static name =>
    {
        var bare = NullableOf().Match(name) is { Success: true } nullable ? nullable.Groups["type"].Value : name.TrimEnd('?');
        var simple = bare.StartsWith("System.", StringComparison.Ordinal) && !bare.Contains('`', StringComparison.Ordinal) ? bare["System.".Length..] : bare;
        return simple switch
        {
            "Byte" or "SByte" or "Int16" or "UInt16" or "Int32" or "UInt32" or "Int64" or "UInt64"
                or "byte" or "sbyte" or "short" or "ushort" or "int" or "uint" or "long" or "ulong" => "a whole number",
            "Decimal" or "Double" or "Single" or "decimal" or "double" or "float" => "a number",
            "String" or "Char" or "string" or "char" => "a string",
            "Boolean" or "bool" => "true or false",
            "Guid" => "a UUID",
            "DateTimeOffset" or "DateTime" => "an ISO-8601 timestamp",
            "DateOnly" => "a date (YYYY-MM-DD)",
            _ when bare.EndsWith("[]", StringComparison.Ordinal) || Collection().IsMatch(bare) => "an array",
            _ when bare.Contains("Dictionary`", StringComparison.Ordinal) => "an object",
            _ => FindType(bare) switch
            {
                { IsEnum: true } => "one of the documented values",
                _ => "an object",
            },
        };
    });

    private static Type? FindType(string fullName) =>
        TypesByName.GetOrAdd(fullName, static name => AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null));

    /// <summary>The last field of a JSON path (<c>$.events[2].value</c> → <c>value</c>); none for the root or an array element.</summary>
    [GeneratedRegex(@"\.(?<name>[^.\[\]]+)$")]
    private static partial Regex FieldName();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\. Path: ")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"^(?<reason>.+?)(?: Path: \S*)? \|? ?LineNumber: \d+ \| BytePositionInLine: \d+\.$", RegexOptions.Singleline)]
    private static partial Regex ReaderPosition();

    [GeneratedRegex(@"^Failed to bind parameter ""(?<type>\S+) (?<name>\S+)"" from ""(?<value>.*)""\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex(@"^Required parameter ""(?<type>\S+) (?<name>\S+)"" was not provided from (?<source>\w+)")]
    private static partial Regex MissingParameter();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<type>.+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"^System\.Collections\.(Generic|Immutable)\.(I?List|I?ReadOnlyList|I?Collection|I?ReadOnlyCollection|IEnumerable|I?Set|HashSet|ImmutableArray)`1\[")]
    private static partial Regex Collection();
}
