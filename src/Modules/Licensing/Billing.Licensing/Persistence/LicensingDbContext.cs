using Billing.BuildingBlocks.Persistence;
using System.Text.Json;
using Billing.Licensing.Domain;
using Billing.Licensing.Domain.Enterprise;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Persistence;

internal sealed partial class LicensingDbContext(DbContextOptions<LicensingDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => LicensingModule.ModuleName;

    public DbSet<DynoSize> DynoSizes => Set<DynoSize>();

    public DbSet<AddonService> AddonServices => Set<AddonService>();

    public DbSet<Plan> Plans => Set<Plan>();

    public DbSet<PriceVersion> PriceVersions => Set<PriceVersion>();

    public DbSet<EnterpriseAccount> EnterpriseAccounts => Set<EnterpriseAccount>();

    public DbSet<EnterpriseTeam> EnterpriseTeams => Set<EnterpriseTeam>();

    public DbSet<Contract> Contracts => Set<Contract>();

    public DbSet<ContractVersion> ContractVersions => Set<ContractVersion>();

    public DbSet<LicenceConsumption> LicenceConsumption => Set<LicenceConsumption>();

    public DbSet<LicenceThresholdCrossing> LicenceThresholdCrossings => Set<LicenceThresholdCrossing>();

    public DbSet<OwnerDelinquency> Delinquencies => Set<OwnerDelinquency>();

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
            price.Property(p => p.IncludedUnits).HasPrecision(18, 4);
        });
        MapEnterprise(modelBuilder);
    }

    private static void MapEnterprise(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EnterpriseAccount>(account =>
        {
            account.HasKey(a => a.Id);
            account.Property(a => a.Id).ValueGeneratedNever();
            account.Property(a => a.Name).HasMaxLength(128);
        });
        modelBuilder.Entity<EnterpriseTeam>(team =>
        {
            team.HasKey(t => t.TeamId);
            team.Property(t => t.TeamId).ValueGeneratedNever();
            team.Property(t => t.Name).HasMaxLength(128);
            team.HasIndex(t => t.Name).IsUnique();
            team.HasIndex(t => t.EnterpriseAccountId);
            team.HasOne<EnterpriseAccount>().WithMany().HasForeignKey(t => t.EnterpriseAccountId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Contract>(contract =>
        {
            contract.HasKey(c => c.Id);
            contract.Property(c => c.Id).ValueGeneratedNever();
            contract.Property(c => c.Reference).HasMaxLength(64);
            contract.HasIndex(c => c.EnterpriseAccountId);
            contract.HasOne<EnterpriseAccount>().WithMany().HasForeignKey(c => c.EnterpriseAccountId).OnDelete(DeleteBehavior.Restrict);
            contract.HasMany(c => c.Versions).WithOne().HasForeignKey(v => v.ContractId).OnDelete(DeleteBehavior.Restrict);
            contract.Navigation(c => c.Versions).HasField("_versions").UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();
            contract.Ignore(c => c.Current);
        });
        modelBuilder.Entity<ContractVersion>(version =>
        {
            version.HasKey(v => v.Id);
            // Ids are made by the domain; a version added through Contract.Versions must be inserted, not updated.
            version.Property(v => v.Id).ValueGeneratedNever();
            // Versions are numbered per contract; two writers amending at once collide here instead of both winning.
            version.HasIndex(v => new { v.ContractId, v.Number }).IsUnique();
            version.Property(v => v.Change).HasMaxLength(16);
            version.Property(v => v.RecordedBy).HasMaxLength(64);
            version.Property(v => v.Reason).HasMaxLength(500);
            version.Ignore(v => v.Terms);
            version.Property(v => v.Licences).HasConversion(
                licences => JsonSerializer.Serialize(licences, LicenceJson),
                json => JsonSerializer.Deserialize<List<ContractLicence>>(json, LicenceJson) ?? new List<ContractLicence>(),
                new ValueComparer<List<ContractLicence>>((a, b) => a!.SequenceEqual(b!), l => l.Count, l => l.ToList()));
        });
        modelBuilder.Entity<LicenceConsumption>(consumption =>
        {
            consumption.HasKey(c => c.Id);
            consumption.Property(c => c.Product).HasMaxLength(32);
            consumption.Property(c => c.Consumed).HasPrecision(18, 6);
            consumption.HasIndex(c => new { c.TeamId, c.MonthStart, c.Product }).IsUnique();
            consumption.HasIndex(c => new { c.EnterpriseAccountId, c.MonthStart });
        });
        modelBuilder.Entity<LicenceThresholdCrossing>(crossing =>
        {
            crossing.HasKey(c => c.Id);
            crossing.Property(c => c.Product).HasMaxLength(32);
            crossing.HasIndex(c => new { c.ContractId, c.Product, c.MonthStart, c.ThresholdPercent }).IsUnique();
        });
        modelBuilder.Entity<OwnerDelinquency>(delinquency =>
        {
            delinquency.HasKey(d => d.Owner);
            delinquency.Property(d => d.Owner).HasMaxLength(48);
        });
    }
}

internal sealed partial class LicensingDbContext
{
    private static readonly JsonSerializerOptions LicenceJson = new(JsonSerializerDefaults.Web);
}

internal sealed class LicensingDesignTimeFactory : ModuleDesignTimeFactory<LicensingDbContext>
{
    protected override string Schema => LicensingModule.ModuleName;
}
