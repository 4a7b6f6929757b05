using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Auth;

public static class AuthRegistration
{
    /// <summary>
    /// Token authentication with role policies. The fallback policy requires an authenticated caller,
    /// so an endpoint is anonymous only if it says so (the health probes do).
    /// </summary>
    public static IServiceCollection AddBillingAuth(this IServiceCollection services)
    {
        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Admin, Roles.BillingSupport))
            .AddPolicy(Policies.Customer, p => p.RequireRole(Roles.Customer, Roles.Admin, Roles.BillingSupport))
            .AddPolicy(Policies.UsageProducer, p => p.RequireRole(Roles.UsageProducer, Roles.Admin));
        services.AddHttpContextAccessor();
        services.AddScoped(sp => Caller.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext
            ?? throw new InvalidOperationException("Caller is only available inside a request.")));
        return services;
    }
}
