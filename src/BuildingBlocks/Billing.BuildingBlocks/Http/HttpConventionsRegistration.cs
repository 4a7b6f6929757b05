using Billing.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Billing.BuildingBlocks.Http;

/// <summary>The Heroku Platform API conventions (contract §3), implemented once for every module.</summary>
public static class HttpConventionsRegistration
{
    public static IServiceCollection AddHerokuHttpConventions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenBucketLimiter>();
        services.Configure<JsonOptions>(o => JsonConventions.Apply(o.SerializerOptions));
        // Binding failures (malformed JSON, wrong types) become exceptions the handler renders as 400 bad_request.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<HerokuExceptionHandler>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>
    /// Middleware order matters: the request id first (so every log line has it), then errors,
    /// routing, Heroku bodies for bare status codes, authentication, the rate limit, Accept/Content-Type
    /// negotiation, authorization and ETags.
    /// </summary>
    /// <remarks>
    /// Status-code pages come after routing and <paramref name="afterRouting"/> because nothing before
    /// them ends a request with a bare status (the 404 of an unmatched route and the 405 endpoint are set
    /// at the end of the pipeline), and a request the strangler edge forwards returns legacy's answer
    /// untouched: it need not pay for a feature and an async frame it would switch off anyway (ADR 0042).
    /// </remarks>
    /// <param name="afterRouting">Middleware that must know the endpoint but run before authentication (the strangler edge).</param>
    public static WebApplication UseHerokuHttpConventions(this WebApplication app, Action<WebApplication>? afterRouting = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseRouting();
        afterRouting?.Invoke(app);
        app.UseStatusCodePages(context => WriteEmptyError(context.HttpContext));
        app.UseAuthentication();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<ApiConventionsMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<ETagMiddleware>();
        return app;
    }

    /// <summary>
    /// A route group of Heroku-compatible endpoints: conventions on, tagged with the module for the
    /// OpenAPI document, and guarded by <paramref name="policy"/> — customer-or-staff by default, so a
    /// usage producer's token reaches only groups mapped with <see cref="Policies.UsageProducer"/>.
    /// Policies on an endpoint add to the group's (all must pass), so a group's policy is its floor.
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, string module, string prefix = "", string policy = Policies.Customer)
    {
        var group = endpoints.MapGroup(prefix);
        group.WithMetadata(ApiEndpointMetadata.Instance).WithTags(module).RequireAuthorization(policy);
        // Content types are checked by ApiConventionsMiddleware (415 unsupported_media_type). Left to routing, a
        // non-JSON body would not match the endpoint at all and fall through to the legacy catch-all.
        ((IEndpointConventionBuilder)group).Finally(builder =>
        {
            foreach (var accepts in builder.Metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().ToList())
            {
                builder.Metadata.Remove(accepts);
            }
        });
        return group;
    }

    private static Task WriteEmptyError(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (id, message) = status switch
        {
            StatusCodes.Status404NotFound => (ErrorIds.NotFound, "The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your intended version with the `Accept` header?"),
            StatusCodes.Status405MethodNotAllowed => (ErrorIds.MethodNotAllowed, "This endpoint does not accept that HTTP method."),
            StatusCodes.Status401Unauthorized => (ErrorIds.Unauthorized, "Invalid credentials provided."),
            StatusCodes.Status403Forbidden => (ErrorIds.Forbidden, "You do not have access to this resource."),
            StatusCodes.Status413PayloadTooLarge => (ErrorIds.PayloadTooLarge, "Request body too large."),
            StatusCodes.Status415UnsupportedMediaType => (ErrorIds.UnsupportedMediaType, "Request bodies must be JSON, sent with Content-Type: application/json."),
            >= 500 => (ErrorIds.InternalServerError, "Internal server error."),
            _ => (ErrorIds.BadRequest, "Bad request."),
        };
        return HerokuError.WriteAsync(context, status, id, message);
    }
}
