using Billing.BuildingBlocks.Persistence;
using Billing.Licensing.Domain;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Persistence;

internal sealed class LicensingDbContext(DbContextOptions<LicensingDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => LicensingModule.ModuleName;

    public DbSet<DynoSize> DynoSizes => Set<DynoSize>();

    public DbSet<AddonService> AddonServices => Set<AddonService>();

    public DbSet<Plan> Plans => Set<Plan>();

    public DbSet<PriceVersion> PriceVersions => Set<PriceVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DynoSize>(size =>
        {
            size.HasKey(s => s.Id);
            size.Property(s => s.Name).HasMaxLength(32);
            size.HasIndex(s => s.Name).IsUnique();
            size.Property(s => s.PreciseDynoUnits).HasPrecision(9, 2);
            size.Property(s => s.Memory).HasPrecision(9, 3);
            size.Property(s => s.Architecture).HasMaxLength(16);
            size.Property(s => s.Generation).HasMaxLength(16);
            size.Property(s => s.InfrastructureTier).HasMaxLength(32);
            size.Property(s => s.ProductDynoTier).HasMaxLength(32);
        });
        modelBuilder.Entity<AddonService>(service =>
        {
            service.HasKey(s => s.Id);
            service.Property(s => s.Name).HasMaxLength(64);
            service.HasIndex(s => s.Name).IsUnique();
            service.Property(s => s.HumanName).HasMaxLength(128);
            service.Property(s => s.CliPluginName).HasMaxLength(128);
            service.Property(s => s.State).HasMaxLength(16);
            service.Property(s => s.SupportedGenerations).HasMaxLength(512);
        });
        modelBuilder.Entity<Plan>(plan =>
        {
            plan.HasKey(p => p.Id);
            plan.Property(p => p.Name).HasMaxLength(128);
            plan.HasIndex(p => p.Name).IsUnique();
            plan.HasIndex(p => p.AddonServiceId);
            plan.HasOne<AddonService>().WithMany().HasForeignKey(p => p.AddonServiceId).OnDelete(DeleteBehavior.Restrict);
            plan.Property(p => p.HumanName).HasMaxLength(128);
            plan.Property(p => p.Description).HasMaxLength(512);
            plan.Property(p => p.Compliance).HasMaxLength(256);
            plan.Property(p => p.State).HasMaxLength(16);
        });
        modelBuilder.Entity<PriceVersion>(price =>
        {
            price.HasKey(p => p.Id);
            price.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
            // One version per item and instant: two prices starting at the same instant would make "the price at T" ambiguous.
            price.HasIndex(p => new { p.ItemId, p.EffectiveFrom }).IsUnique();
            price.Property(p => p.Unit).HasMaxLength(16);
            price.Property(p => p.RecordedBy).HasMaxLength(64);
            price.Property(p => p.Reason).HasMaxLength(500);
        });
    }
}

internal sealed class LicensingDesignTimeFactory : ModuleDesignTimeFactory<LicensingDbContext>
{
    protected override string Schema => LicensingModule.ModuleName;
}
