using Microsoft.EntityFrameworkCore;

namespace Billing.Rogue.Contracts;

/// <summary>
/// VIOLATION (Contracts depend on nothing but building-block abstractions): a Contracts type that
/// hands consumers an EF Core DbContext, i.e. another module's persistence leaking through its contract.
/// </summary>
public sealed class RogueReadModel(DbContextOptions<RogueReadModel> options) : DbContext(options)
{
    public DbSet<RogueRow> Rows => Set<RogueRow>();
}
