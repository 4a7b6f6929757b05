using Billing.BuildingBlocks;
using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Backfill;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Billing.Host.Access;
using Billing.Host.Operability;
using Billing.Host.Strangler;
using Billing.Invoicing;
using Billing.LegacyAdapters.Billing;
using Billing.LegacyAdapters.Metering;
using Billing.Licensing;
using Billing.Payments;
using Billing.Usage;
using Hangfire;
using Microsoft.Extensions.Options;

IModule[] modules = [new UsageModule(), new LicensingModule(), new InvoicingModule(), new PaymentsModule()];

var builder = WebApplication.CreateBuilder(args).UseInlineIoWhenConfigured();
builder.Services.AddBillingPlatform(builder.Configuration, modules);
builder.Services.AddAccess(builder.Configuration);
builder.Services.AddStranglerEdge(builder.Configuration);
builder.Services.AddLegacyBillingAdapter(builder.Configuration);
builder.Services.AddLegacyMeteringAdapter(builder.Configuration);
builder.Services.AddBillingTelemetry(builder.Configuration);
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabasesHealthCheck>("databases", tags: [HealthEndpoints.ReadyTag]);

var app = builder.Build();

var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    await migrator.MigrateAsync(CancellationToken.None);
    return;
}

if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
{
    await migrator.MigrateAsync(CancellationToken.None);
}

app.UseHerokuHttpConventions(afterRouting: a => a.UseStranglerEdge());
app.MapHealth();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], DashboardTitle = "Billing.Modular jobs" })
    .RequireAuthorization(Policies.Admin);

foreach (var module in modules)
{
    module.MapEndpoints(app);
}

app.MapRateLimits();
var admin = app.MapApiGroup("admin", "/admin").RequireAuthorization(Policies.Admin);
admin.MapMessagingAdmin();
admin.MapTokenAdmin();
admin.MapMigrationAdmin();
admin.MapBackfillAdmin();
app.MapLegacyFallback();

await app.RunAsync();

/// <summary>Entry point; public so that integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
