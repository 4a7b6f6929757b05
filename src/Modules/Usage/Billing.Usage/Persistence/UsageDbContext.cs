using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Persistence;

/// <summary>The usage schema. It holds the module's outbox and inbox now; its own tables arrive with its first slice.</summary>
internal sealed class UsageDbContext(DbContextOptions<UsageDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => UsageModule.ModuleName;
}

internal sealed class UsageDesignTimeFactory : ModuleDesignTimeFactory<UsageDbContext>
{
    protected override string Schema => UsageModule.ModuleName;
}
