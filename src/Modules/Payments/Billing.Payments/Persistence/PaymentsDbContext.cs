using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Payments.Persistence;

/// <summary>The payments schema. It holds the module's outbox and inbox now; its own tables arrive with its first slice.</summary>
internal sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => PaymentsModule.ModuleName;
}

internal sealed class PaymentsDesignTimeFactory : ModuleDesignTimeFactory<PaymentsDbContext>
{
    protected override string Schema => PaymentsModule.ModuleName;
}
