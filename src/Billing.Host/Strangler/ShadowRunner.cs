using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Billing.BuildingBlocks.Http;
using Microsoft.Extensions.Options;

namespace Billing.Host.Strangler;

/// <summary>
/// Runs the new implementation of a read as a Scientist-style candidate, after the legacy answer has
/// gone to the client: in its own scope and a synthetic request, under a time budget, with its
/// failures caught. It only ever runs GET/HEAD endpoints, so it cannot cause a side effect.
/// </summary>
public sealed class ShadowRunner(
    IServiceScopeFactory scopes,
    IHttpContextAccessor accessor,
    MigrationFigures figures,
    IOptions<StranglerOptions> options,
    TimeProvider time,
    ILogger<ShadowRunner> logger) : IDisposable
{
    private static readonly JsonSerializerOptions Json = JsonConventions.Create();
    private readonly SemaphoreSlim _slots = new(options.Value.ShadowConcurrency);

    public sealed record LegacyResult(int Status, byte[] Body);

    public sealed record CandidateRequest(
        CapabilityState Capability,
        Endpoint Endpoint,
        string Method,
        PathString Path,
        QueryString Query,
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Headers,
        RouteValueDictionary RouteValues,
        ClaimsPrincipal User,
        ApiVariant Variant,
        string RequestId,
        string? CallerKey);

    public static CandidateRequest Capture(HttpContext context, CapabilityState capability, string? callerKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new CandidateRequest(
            capability,
            context.GetEndpoint()!,
            context.Request.Method,
            context.Request.Path,
            context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            new RouteValueDictionary(context.Request.RouteValues),
            context.User,
            ApiVariant.Negotiate(context.Request.Headers.Accept.ToString(), [ApiVariant.V3, ApiVariant.Sdk], out _) ?? new ApiVariant(ApiVariant.V3),
            context.TraceIdentifier,
            callerKey);
    }

    /// <summary>Starts the comparison in the background; returns at once. Skipped (and counted) when all slots are busy.</summary>
    public void Start(CandidateRequest request, LegacyResult legacy)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_slots.Wait(0))
        {
            figures.Compared(request.Capability.Name, ShadowOutcome.Skipped, null);
            return;
        }

        // Queued without the request's execution context ("unsafe" = no flow): setting IHttpContextAccessor in the
        // candidate must not touch the real request's holder, and nothing of the request's async state is carried.
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Runner.RunInBackgroundAsync(state.Request, state.Legacy), (Runner: this, Request: request, Legacy: legacy), preferLocal: false);
    }

    private async Task RunInBackgroundAsync(CandidateRequest request, LegacyResult legacy)
    {
        try
        {
            await CompareAsync(request, legacy);
        }
#pragma warning disable CA1031 // The shadow path must never surface; it is counted and logged instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            figures.Compared(request.Capability.Name, ShadowOutcome.CandidateFailed, null);
            logger.LogError(ex, "Shadow comparison for {Capability} failed", request.Capability.Name);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Runs the candidate and records the outcome; awaitable for tests.</summary>
    public async Task<ShadowOutcome> CompareAsync(CandidateRequest request, LegacyResult legacy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(legacy);
        var (outcome, status, body, elapsed) = await RunCandidateAsync(request);
        if (outcome is ShadowOutcome.CandidateTimedOut or ShadowOutcome.CandidateFailed)
        {
            figures.Compared(request.Capability.Name, outcome, elapsed);
            return outcome;
        }

        var differences = JsonComparison.Differences(legacy.Status, legacy.Body, status, body, [.. request.Capability.IgnoredFields]);
        outcome = differences.Count == 0 ? ShadowOutcome.Matched : ShadowOutcome.Mismatched;
        if (outcome == ShadowOutcome.Mismatched)
        {
            // Stored before it is counted, so a counted mismatch can always be inspected.
            await StoreMismatchAsync(request, legacy, status, body, differences);
        }

        figures.Compared(request.Capability.Name, outcome, elapsed);

        return outcome;
    }

    private async Task<(ShadowOutcome Outcome, int Status, byte[] Body, TimeSpan Elapsed)> RunCandidateAsync(CandidateRequest request)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var budget = new CancellationTokenSource(request.Capability.CandidateTimeout);
        await using var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = request.User, TraceIdentifier = request.RequestId };
        context.Request.Method = request.Method;
        context.Request.Path = request.Path;
        context.Request.QueryString = request.Query;
        foreach (var (name, value) in request.Headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Request.RouteValues = request.RouteValues;
        context.Response.Body = body;
        context.RequestAborted = budget.Token;
        context.Features.Set(request.Variant);
        context.SetEndpoint(request.Endpoint);
        // Handlers resolve the caller through IHttpContextAccessor; inside this task it must be the synthetic request.
        accessor.HttpContext = context;

        var started = Stopwatch.GetTimestamp();
        Task? running = null;
        try
        {
            running = request.Endpoint.RequestDelegate!(context);
            await running.WaitAsync(budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            // The candidate saw its RequestAborted cancelled; let it unwind before its scope (and DbContext) is
            // disposed under it, which would otherwise throw from the disposal and lose the outcome.
            await SettleAsync(running);
            return (ShadowOutcome.CandidateTimedOut, 0, [], elapsed);
        }
#pragma warning disable CA1031 // Domain errors render as the API would render them; anything else is a candidate failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var (status, error) = HerokuExceptionHandler.Map(ex, request.RequestId);
            if (status >= 500)
            {
                logger.LogWarning(ex, "Shadow candidate for {Capability} threw", request.Capability.Name);
                return (ShadowOutcome.CandidateFailed, status, [], Stopwatch.GetElapsedTime(started));
            }

            return Answered(request, status, JsonSerializer.SerializeToUtf8Bytes(error, Json), started);
        }
        finally
        {
            accessor.HttpContext = null;
        }

        return Answered(request, context.Response.StatusCode, body.ToArray(), started);
    }

    /// <summary>
    /// A candidate's answer, to be compared — unless it ran past its budget: then it is timed out even when it finished
    /// before the budget's timer fired (a candidate that completes synchronously never observes it), so the figure
    /// always means "slower than the budget", whatever the scheduler did.
    /// </summary>
    private static (ShadowOutcome Outcome, int Status, byte[] Body, TimeSpan Elapsed) Answered(CandidateRequest request, int status, byte[] body, long started)
    {
        var took = Stopwatch.GetElapsedTime(started);
        return took > request.Capability.CandidateTimeout
            ? (ShadowOutcome.CandidateTimedOut, 0, [], took)
            : (ShadowOutcome.Matched, status, body, took);
    }

    private static async Task SettleAsync(Task? running)
    {
        if (running is null)
        {
            return;
        }

        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(30));
        }
#pragma warning disable CA1031 // Its outcome is already decided (timed out); only its completion matters here.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task StoreMismatchAsync(CandidateRequest request, LegacyResult legacy, int candidateStatus, byte[] candidateBody, IReadOnlyList<string> differences)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StranglerDbContext>();
        db.Mismatches.Add(new ShadowMismatch
        {
            Id = Guid.CreateVersion7(),
            Capability = request.Capability.Name,
            OccurredAt = time.GetUtcNow(),
            Method = request.Method,
            Target = (request.Path + request.Query).ToString(),
            CallerKey = request.CallerKey,
            RequestId = request.RequestId,
            LegacyStatus = legacy.Status,
            CandidateStatus = candidateStatus,
            Differences = string.Join('\n', differences),
            LegacyBody = JsonComparison.Truncate(legacy.Body),
            CandidateBody = JsonComparison.Truncate(candidateBody),
        });
        await db.SaveChangesAsync();
        await MismatchRetention.TrimAsync(db, request.Capability.Name, options.Value.MismatchSamples);
    }

    public void Dispose() => _slots.Dispose();
}
