using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Domain;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Persistence;

/// <summary>The usage schema: the stored events (their unique producer id is the durable dedup record) and the invoiced periods.</summary>
internal sealed class UsageDbContext(DbContextOptions<UsageDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => UsageModule.ModuleName;

    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();

    public DbSet<ClosedPeriod> ClosedPeriods => Set<ClosedPeriod>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<UsageEvent>(e =>
        {
            e.ToTable("usage_events");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedOnAdd();
            e.Property(x => x.EventId).HasMaxLength(128);
            e.HasIndex(x => x.EventId).IsUnique();
            e.Property(x => x.Metric).HasMaxLength(64);
            e.Property(x => x.Subject).HasMaxLength(64);
            e.Property(x => x.Variant).HasMaxLength(64);
            e.Property(x => x.Value).HasPrecision(20, 6);
            e.Ignore(x => x.Owner);
            e.HasIndex(x => new { x.OwnerKind, x.OwnerId, x.Metric, x.OccurredAt });
            e.HasIndex(x => new { x.OwnerId, x.AppId, x.Metric, x.Subject, x.OccurredAt });
            e.HasIndex(x => x.OccurredAt);
        });
        modelBuilder.Entity<ClosedPeriod>(c =>
        {
            c.HasKey(x => x.InvoiceId);
            c.Ignore(x => x.Owner);
            c.HasIndex(x => new { x.OwnerId, x.Start });
        });
    }
}

internal sealed class UsageDesignTimeFactory : ModuleDesignTimeFactory<UsageDbContext>
{
    protected override string Schema => UsageModule.ModuleName;
}
