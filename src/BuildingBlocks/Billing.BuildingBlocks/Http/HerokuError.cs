using System.Text.Json;
using System.Text.Json.Serialization;
using Billing.BuildingBlocks.Mediation;
using Microsoft.AspNetCore.Http;

namespace Billing.BuildingBlocks.Http;

/// <summary>The error body every failure carries: <c>{"id","message"}</c>, plus per-field details for 422.</summary>
public sealed record HerokuError(
    string Id,
    string Message,
    [property: JsonPropertyName("url")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonPropertyName("fields")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FieldError>? Fields = null)
{
    private static readonly JsonSerializerOptions Json = JsonConventions.Create();

    public static async Task WriteAsync(HttpContext context, int status, HerokuError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, error, Json, context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, int status, string id, string message) =>
        WriteAsync(context, status, new HerokuError(id, message));
}
