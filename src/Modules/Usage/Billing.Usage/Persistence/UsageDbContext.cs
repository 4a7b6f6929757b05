using Billing.BuildingBlocks.Persistence;
using Billing.Usage.Domain;
using Billing.Usage.Rollups;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Persistence;

/// <summary>The usage schema: the stored events (their unique producer id is the durable dedup record) and the invoiced periods.</summary>
internal sealed class UsageDbContext(DbContextOptions<UsageDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => UsageModule.ModuleName;

    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();

    public DbSet<ClosedPeriod> ClosedPeriods => Set<ClosedPeriod>();

    public DbSet<DirectoryAccount> DirectoryAccounts => Set<DirectoryAccount>();

    public DbSet<DirectoryTeam> DirectoryTeams => Set<DirectoryTeam>();

    public DbSet<DirectoryEnterpriseAccount> DirectoryEnterpriseAccounts => Set<DirectoryEnterpriseAccount>();

    public DbSet<DirectoryApp> DirectoryApps => Set<DirectoryApp>();

    public DbSet<AddonKind> AddonKinds => Set<AddonKind>();

    public DbSet<DynoSizeUnits> DynoSizeUnits => Set<DynoSizeUnits>();

    public DbSet<PlanRate> PlanRates => Set<PlanRate>();

    public DbSet<DailyRollup> DailyRollups => Set<DailyRollup>();

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
            // The series index, in the series' order (instant, then arrival): a reading's nearest neighbour is its first
            // entry either way (ADR 0049), where without the arrival a probe sorted the series' whole range first. It
            // carries every other column a billing run reads (PostgreSQL INCLUDE), so a partition's usage is read from the
            // index alone, in each owner's own stretch of it, however intake interleaved the owners' rows in the table
            // (ADR 0059).
            e.HasIndex(x => new { x.OwnerId, x.AppId, x.Metric, x.Subject, x.OccurredAt, x.Seq })
                .IncludeProperties(x => new { x.OwnerKind, x.Variant, x.Value, x.EventId });
            e.HasIndex(x => x.OccurredAt);
        });
        modelBuilder.Entity<ClosedPeriod>(c =>
        {
            c.HasKey(x => x.InvoiceId);
            c.Ignore(x => x.Owner);
            c.HasIndex(x => new { x.OwnerId, x.Start });
        });
        modelBuilder.Entity<DirectoryAccount>(a =>
        {
            a.HasKey(x => x.Id);
            a.Property(x => x.Email).HasMaxLength(256);
            a.HasIndex(x => x.Email);
        });
        modelBuilder.Entity<DirectoryTeam>(t =>
        {
            t.HasKey(x => x.Id);
            t.Property(x => x.Name).HasMaxLength(128);
            t.HasIndex(x => x.Name);
            t.HasIndex(x => x.EnterpriseAccountId);
        });
        modelBuilder.Entity<DirectoryEnterpriseAccount>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(128);
        });
        modelBuilder.Entity<DirectoryApp>(a =>
        {
            a.HasKey(x => x.Id);
            a.Property(x => x.Name).HasMaxLength(128);
            a.HasIndex(x => x.Name);
            a.HasIndex(x => x.TeamId);
            a.HasIndex(x => x.OwnerAccountId);
            a.Property(x => x.ProcessTier).HasMaxLength(32);
        });
        modelBuilder.Entity<AddonKind>(k =>
        {
            k.HasKey(x => x.AddonId);
            k.Property(x => x.Kind).HasMaxLength(16);
        });
        modelBuilder.Entity<DynoSizeUnits>(s =>
        {
            s.HasKey(x => x.Name);
            s.Property(x => x.Name).HasMaxLength(64);
            s.Property(x => x.PreciseDynoUnits).HasPrecision(12, 6);
        });
        modelBuilder.Entity<DailyRollup>(r =>
        {
            r.ToTable("daily_rollups");
            r.HasKey(x => new { x.OwnerId, x.OwnerKind, x.AppId, x.Metric, x.Subject, x.Variant, x.PeriodStart });
            r.Property(x => x.Metric).HasMaxLength(64);
            r.Property(x => x.Subject).HasMaxLength(64);
            r.Property(x => x.Variant).HasMaxLength(64);
            r.Property(x => x.ValueTotal).HasPrecision(38, 6);
            r.Property(x => x.MaxValue).HasPrecision(20, 6);
        });
        modelBuilder.Entity<PlanRate>(r =>
        {
            r.HasKey(x => new { x.PlanId, x.EffectiveFrom });
            r.Property(x => x.Name).HasMaxLength(256);
        });
    }
}

internal sealed class UsageDesignTimeFactory : ModuleDesignTimeFactory<UsageDbContext>
{
    protected override string Schema => UsageModule.ModuleName;
}
