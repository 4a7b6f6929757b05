using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Host.Strangler;

/// <summary>
/// Cut-over state shared by every host instance: run-time overrides of each capability's mode,
/// their audit trail, and a bounded sample of shadow mismatches.
/// </summary>
internal sealed class StranglerDbContext(DbContextOptions<StranglerDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "strangler";

    public override string Schema => SchemaName;

    public DbSet<CapabilityOverride> Overrides => Set<CapabilityOverride>();

    public DbSet<CapabilityChange> Changes => Set<CapabilityChange>();

    public DbSet<ShadowMismatch> Mismatches => Set<ShadowMismatch>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<CapabilityOverride>(o =>
        {
            o.ToTable("capability_overrides");
            o.HasKey(x => x.Capability);
            o.Property(x => x.Capability).HasMaxLength(100);
            o.Property(x => x.Mode).HasConversion<string>().HasMaxLength(16);
            o.Property(x => x.ChangedBy).HasMaxLength(100);
            o.Property(x => x.Reason).HasMaxLength(1000);
        });
        modelBuilder.Entity<CapabilityChange>(c =>
        {
            c.ToTable("capability_changes");
            c.HasKey(x => x.Id);
            c.HasIndex(x => new { x.Capability, x.ChangedAt });
            c.Property(x => x.Capability).HasMaxLength(100);
            c.Property(x => x.FromMode).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.ToMode).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.ChangedBy).HasMaxLength(100);
            c.Property(x => x.Reason).HasMaxLength(1000);
        });
        modelBuilder.Entity<ShadowMismatch>(m =>
        {
            m.ToTable("shadow_mismatches");
            m.HasKey(x => x.Id);
            m.HasIndex(x => new { x.Capability, x.OccurredAt });
            m.Property(x => x.Capability).HasMaxLength(100);
            m.Property(x => x.Method).HasMaxLength(10);
            m.Property(x => x.Target).HasMaxLength(2000);
            m.Property(x => x.CallerKey).HasMaxLength(100);
            m.Property(x => x.RequestId).HasMaxLength(100);
        });
    }
}

internal sealed class StranglerDesignTimeFactory : ModuleDesignTimeFactory<StranglerDbContext>
{
    protected override string Schema => StranglerDbContext.SchemaName;
}

/// <summary>A capability's mode as set at run time; absent means the configured default applies.</summary>
internal sealed class CapabilityOverride
{
    public string Capability { get; set; } = string.Empty;

    public CutOverMode Mode { get; set; }

    public int CanaryPercent { get; set; }

    public string ChangedBy { get; set; } = string.Empty;

    public DateTimeOffset ChangedAt { get; set; }

    public string Reason { get; set; } = string.Empty;
}

/// <summary>Audit of every switch: who, when, why, from what to what. A null target means "back to configuration".</summary>
internal sealed class CapabilityChange
{
    public Guid Id { get; set; }

    public string Capability { get; set; } = string.Empty;

    public CutOverMode FromMode { get; set; }

    public int FromCanaryPercent { get; set; }

    public CutOverMode ToMode { get; set; }

    public int ToCanaryPercent { get; set; }

    public bool ResetToConfiguration { get; set; }

    public string ChangedBy { get; set; } = string.Empty;

    public DateTimeOffset ChangedAt { get; set; }

    public string Reason { get; set; } = string.Empty;
}

/// <summary>One shadow comparison that differed, with what is needed to reproduce and judge it.</summary>
internal sealed class ShadowMismatch
{
    public Guid Id { get; set; }

    public string Capability { get; set; } = string.Empty;

    public DateTimeOffset OccurredAt { get; set; }

    public string Method { get; set; } = string.Empty;

    public string Target { get; set; } = string.Empty;

    public string? CallerKey { get; set; }

    public string RequestId { get; set; } = string.Empty;

    public int LegacyStatus { get; set; }

    public int CandidateStatus { get; set; }

    public string Differences { get; set; } = string.Empty;

    public string LegacyBody { get; set; } = string.Empty;

    public string CandidateBody { get; set; } = string.Empty;
}
