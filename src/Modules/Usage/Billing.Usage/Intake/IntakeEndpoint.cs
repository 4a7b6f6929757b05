using System.Text.Json;
using System.Text.Unicode;
using Billing.BuildingBlocks.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Billing.Usage.Intake;

/// <summary>
/// <c>POST /usage-events</c>: legacy's intake body <c>{"events":[...]}</c> and its per-event results. A batch where
/// every event is accepted or a duplicate answers 200 with the results, as legacy does; if any event is rejected the
/// answer is 422 <c>invalid_params</c> carrying the same results (the valid events are stored all the same).
/// </summary>
internal static class IntakeEndpoint
{
    public const string Capability = "usage.events.ingest";

    private static readonly JsonSerializerOptions Json = JsonConventions.Create();

    public static void Map(RouteGroupBuilder producers) =>
        producers.MapPost("/usage-events", Ingest)
            .WithCapability(Capability)
            .WithMetadata(FreeOfRateLimitMetadata.Instance);

    private static async Task<IResult> Ingest(HttpContext http, IOptions<UsageIntakeOptions> options, TimeProvider time,
        [FromKeyedServices(UsageModule.ModuleName)] ISender sender, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (http.Request.ContentLength > limits.MaxBatchBytes)
        {
            return TooLarge($"A batch body may have at most {limits.MaxBatchBytes} bytes.");
        }

        var body = await ReadBodyAsync(http.Request, limits.MaxBatchBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge($"A batch body may have at most {limits.MaxBatchBytes} bytes.");
        }

        if (!Utf8.IsValid(body.Written.Span))
        {
            body.Dispose();
            return Error(StatusCodes.Status400BadRequest, ErrorIds.BadRequest, "Invalid JSON: the body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Written);
        }
        catch (JsonException e)
        {
            body.Dispose();
            return Error(StatusCodes.Status400BadRequest, ErrorIds.BadRequest, BadRequestMessage.For(e));
        }

        using (document)
        using (body)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            {
                return Error(StatusCodes.Status422UnprocessableEntity, ErrorIds.InvalidParams, "The body must be an object with an \"events\" array.");
            }

            if (events.GetArrayLength() > limits.MaxEventsPerBatch)
            {
                return TooLarge($"A batch may carry at most {limits.MaxEventsPerBatch} events.");
            }

            var now = time.GetUtcNow();
            var parsed = new List<ParsedEvent>(events.GetArrayLength());
            foreach (var element in events.EnumerateArray())
            {
                parsed.Add(UsageEventParser.Parse(element, now, limits));
            }

            var results = await sender.Send(new IngestUsageEvents(parsed), cancellationToken);
            var rejected = results.Count(r => r.Status == IntakeResult.Rejected);
            return rejected == 0
                ? TypedResults.Json(results, Json)
                : TypedResults.Json(new RejectedBatch(ErrorIds.InvalidParams, $"{rejected} of {results.Count} events were rejected (see results); the others were stored.", results), Json, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    /// <summary>The body in a pooled buffer, or null as soon as it passes <paramref name="limit"/> bytes (chunked bodies have no Content-Length).</summary>
    private static async Task<PooledBody?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var body = new PooledBody(request.ContentLength is > 0 and var length ? (int)length : 64 * 1024);
        while (true)
        {
            var read = await request.Body.ReadAsync(body.FreeSpace(16 * 1024), cancellationToken);
            if (read == 0)
            {
                return body;
            }

            body.Advance(read);
            if (body.Length > limit)
            {
                body.Dispose();
                return null;
            }
        }
    }

    private static JsonHttpResult<HerokuError> TooLarge(string message) => Error(StatusCodes.Status413PayloadTooLarge, ErrorIds.PayloadTooLarge, message);

    private static JsonHttpResult<HerokuError> Error(int status, string id, string message) => TypedResults.Json(new HerokuError(id, message), Json, statusCode: status);

    internal sealed record RejectedBatch(string Id, string Message, IReadOnlyList<IntakeResult> Results);
}
