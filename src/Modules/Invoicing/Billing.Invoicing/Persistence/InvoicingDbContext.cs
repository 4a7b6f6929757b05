using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Domain;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Persistence;

internal sealed class InvoicingDbContext(DbContextOptions<InvoicingDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => InvoicingModule.ModuleName;

    public DbSet<Credit> Credits => Set<Credit>();

    public DbSet<DynoSizeRate> DynoSizeRates => Set<DynoSizeRate>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Credit>(credit =>
        {
            credit.HasKey(c => c.Id);
            credit.HasIndex(c => c.AccountId);
            credit.Property(c => c.Title).HasMaxLength(100);
            credit.Property(c => c.Reason).HasMaxLength(1000);
            credit.Property(c => c.GrantedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<DynoSizeRate>(rate =>
        {
            rate.HasKey(r => r.Id);
            rate.Property(r => r.Id).ValueGeneratedNever();
            rate.HasIndex(r => new { r.DynoSizeId, r.EffectiveFrom });
            rate.Property(r => r.Name).HasMaxLength(32);
            rate.Property(r => r.PreciseDynoUnits).HasPrecision(9, 2);
        });
    }
}

internal sealed class InvoicingDesignTimeFactory : ModuleDesignTimeFactory<InvoicingDbContext>
{
    protected override string Schema => InvoicingModule.ModuleName;
}
