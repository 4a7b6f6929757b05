using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Backfill;
using Billing.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Billing.BuildingBlocks.Persistence;

/// <summary>
/// Base of every module's DbContext: the module's own schema, its outbox, inbox and backfill-checkpoint tables, and the
/// provider differences (SQLite has no schemas and cannot order <see cref="DateTimeOffset"/>).
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The module's schema in PostgreSQL; unused on SQLite, where each module has its own file.</summary>
    public abstract string Schema { get; }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>Progress of each backfill that imports legacy data into this module (see <c>Backfill/</c>).</summary>
    public DbSet<BackfillCheckpoint> BackfillCheckpoints => Set<BackfillCheckpoint>();

    public DatabaseProvider Provider => DatabaseProviderNames.FromEfProviderName(Database.ProviderName);

    /// <summary>
    /// Queues an integration event in this module's outbox. It is written by the same SaveChanges,
    /// in the same transaction, as the state change that caused it.
    /// </summary>
    public void Publish(IntegrationEvent integrationEvent)
    {
        OutboxMessages.Add(OutboxMessage.For(integrationEvent));
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        if (Provider == DatabaseProvider.Postgres)
        {
            modelBuilder.HasDefaultSchema(Schema);
        }

        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new BackfillCheckpointConfiguration());
        base.OnModelCreating(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Provider == DatabaseProvider.Sqlite)
        {
            // Stored as ticks so that SQLite can compare and order instants.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }

        base.ConfigureConventions(configurationBuilder);
    }
}
