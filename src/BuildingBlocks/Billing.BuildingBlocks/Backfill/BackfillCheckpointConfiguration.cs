using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Billing.BuildingBlocks.Backfill;

internal sealed class BackfillCheckpointConfiguration : IEntityTypeConfiguration<BackfillCheckpoint>
{
    public void Configure(EntityTypeBuilder<BackfillCheckpoint> builder)
    {
        builder.ToTable("backfill_checkpoints");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Cursor).HasMaxLength(1000);
        // Stored as text so a row reads the same in psql as in GET /admin/backfills.
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.LastError).HasMaxLength(BackfillCheckpoint.MaxErrorLength);
    }
}
