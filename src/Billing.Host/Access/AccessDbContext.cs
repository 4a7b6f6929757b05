using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Billing.Host.Access;

/// <summary>API tokens, in their own <c>access</c> schema: identity belongs to the platform, not to a billing module.</summary>
internal sealed class AccessDbContext(DbContextOptions<AccessDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "access";

    public override string Schema => SchemaName;

    public DbSet<ApiToken> Tokens => Set<ApiToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        var guidList = new ValueComparer<List<Guid>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, g) => HashCode.Combine(h, g)), l => l.ToList());
        modelBuilder.Entity<ApiToken>(token =>
        {
            token.HasKey(t => t.Id);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.HasIndex(t => t.Hash).IsUnique();
            token.Property(t => t.Role).HasMaxLength(32);
            token.Property(t => t.Description).HasMaxLength(200);
            token.Property(t => t.CreatedBy).HasMaxLength(100);
            token.Property(t => t.RevokedBy).HasMaxLength(100);
            token.Property(t => t.TeamIds).HasConversion(GuidListConverter.Instance, guidList);
            token.Property(t => t.EnterpriseAccountIds).HasConversion(GuidListConverter.Instance, guidList);
        });
    }
}

internal sealed class AccessDesignTimeFactory : ModuleDesignTimeFactory<AccessDbContext>
{
    protected override string Schema => AccessDbContext.SchemaName;
}
