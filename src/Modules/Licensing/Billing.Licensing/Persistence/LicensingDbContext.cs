using Billing.BuildingBlocks.Persistence;
using Billing.Licensing.Domain;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Persistence;

internal sealed class LicensingDbContext(DbContextOptions<LicensingDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => LicensingModule.ModuleName;

    public DbSet<DynoSize> DynoSizes => Set<DynoSize>();

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
        });
    }
}

internal sealed class LicensingDesignTimeFactory : ModuleDesignTimeFactory<LicensingDbContext>
{
    protected override string Schema => LicensingModule.ModuleName;
}
