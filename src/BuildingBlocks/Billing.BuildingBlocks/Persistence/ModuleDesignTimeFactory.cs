using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Billing.BuildingBlocks.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a module's context for either provider
/// (<c>BILLING_EF_PROVIDER=Postgres|Sqlite</c>); see <c>scripts/add-migration.sh</c>.
/// </summary>
public abstract class ModuleDesignTimeFactory<TContext> : IDesignTimeDbContextFactory<TContext>
    where TContext : ModuleDbContext
{
    protected abstract string Schema { get; }

    public TContext CreateDbContext(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(Environment.GetEnvironmentVariable("BILLING_EF_PROVIDER") ?? nameof(DatabaseProvider.Postgres), ignoreCase: true);
        var options = new DatabaseOptions
        {
            ConnectionString = provider == DatabaseProvider.Postgres ? "Host=localhost;Database=design_time" : null,
            DataDirectory = Path.Combine(Path.GetTempPath(), "billing-design-time"),
        };
        var builder = new DbContextOptionsBuilder<TContext>();
        PersistenceRegistration.Configure(builder, options, Schema, dataSource: null);
        return (TContext)Activator.CreateInstance(typeof(TContext), builder.Options)!;
    }
}
